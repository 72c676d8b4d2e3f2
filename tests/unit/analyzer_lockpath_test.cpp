// The lock path algebra shared by the per-TU step and the link step
// (analyzer/LockPath.h; the grammar is in analyzer/Facts.h).
#include "LockPath.h"

#include "analyzer_test_support.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

using test::ref;

TEST(LockPathTest, SymbolicPaths) {
  EXPECT_TRUE(isSymbolicPath("$this"));
  EXPECT_TRUE(isSymbolicPath("$this.mu_"));
  EXPECT_TRUE(isSymbolicPath("$0"));
  EXPECT_TRUE(isSymbolicPath("$12.pool.locks[]"));
  EXPECT_FALSE(isSymbolicPath("@c:@g_mu"));
  EXPECT_FALSE(isSymbolicPath("%c:@F@f%m"));
  EXPECT_FALSE(isSymbolicPath("#struct pool.have"));
  EXPECT_FALSE(isSymbolicPath(""));
}

TEST(LockPathTest, SymbolicRootSlot) {
  EXPECT_EQ(symbolicRootSlot("$this"), -1);
  EXPECT_EQ(symbolicRootSlot("$this.mu_"), -1);
  EXPECT_EQ(symbolicRootSlot("$0"), 0);
  EXPECT_EQ(symbolicRootSlot("$3.m"), 3);
  EXPECT_EQ(symbolicRootSlot("$12[].m"), 12);
  EXPECT_EQ(symbolicRootSlot("@c:@g_mu"), std::nullopt);
  EXPECT_EQ(symbolicRootSlot("#struct s.m"), std::nullopt);
  EXPECT_EQ(symbolicRootSlot("$"), std::nullopt);
  EXPECT_EQ(symbolicRootSlot("$x"), std::nullopt);
  EXPECT_EQ(symbolicRootSlot(""), std::nullopt);
}

TEST(LockPathTest, ExactPaths) {
  EXPECT_TRUE(isExactPath("@c:@g_mu"));
  EXPECT_TRUE(isExactPath("@c:@g_pool.have"));
  EXPECT_TRUE(isExactPath("$0.m"));
  EXPECT_TRUE(isExactPath("%c:@F@f%local"));
  EXPECT_FALSE(isExactPath("")) << "no path names no object";
  EXPECT_FALSE(isExactPath("@c:@g_locks[]")) << "an array element: which one?";
  EXPECT_FALSE(isExactPath("@c:@g_pools[].m"));
  EXPECT_FALSE(isExactPath("$this.slots[].mu"));
  EXPECT_FALSE(isExactPath("#struct pool.have")) << "a type fallback: any object";
  EXPECT_FALSE(isExactPath("#struct pool.locks[]"));
}

TEST(LockPathTest, SubstituteParameterRootWithFields) {
  LockRef Callee = ref("$0.m", "#struct obj.m");
  LockRef Out = substitutePath(Callee, {ref("@c:@g_obj")}, LockRef());
  EXPECT_EQ(Out.Path, "@c:@g_obj.m");
  EXPECT_EQ(Out.Fallback, "#struct obj.m");
  EXPECT_FALSE(Out.Recursive);

  // Deeper fields and array elements after the root are kept.
  Out = substitutePath(ref("$1.inner.locks[].m"), {ref("@c:@a"), ref("@c:@b.sub")},
                       LockRef());
  EXPECT_EQ(Out.Path, "@c:@b.sub.inner.locks[].m");

  // The parameter itself is the lock.
  Out = substitutePath(ref("$0", "", /*Recursive=*/true), {ref("@c:@g_mu")}, LockRef());
  EXPECT_EQ(Out.Path, "@c:@g_mu");
  EXPECT_TRUE(Out.Recursive) << "recursive is the callee's knowledge of the lock type";
}

TEST(LockPathTest, SubstituteMultiDigitSlot) {
  std::vector<LockRef> Args(12);
  Args[11] = ref("@c:@eleven");
  Args[1] = ref("@c:@one");
  EXPECT_EQ(substitutePath(ref("$11.m"), Args, LockRef()).Path, "@c:@eleven.m");
  EXPECT_EQ(substitutePath(ref("$1.m"), Args, LockRef()).Path, "@c:@one.m");
}

TEST(LockPathTest, SubstituteThisRoot) {
  LockRef Out = substitutePath(ref("$this.mu_", "#Account.mu_"), {ref("@c:@other")},
                               ref("@c:@g_account"));
  EXPECT_EQ(Out.Path, "@c:@g_account.mu_");
  // A member call on a parameter stays symbolic, in the caller's terms.
  Out = substitutePath(ref("$this.mu_", "#Account.mu_"), {}, ref("$2.acct"));
  EXPECT_EQ(Out.Path, "$2.acct.mu_");
  EXPECT_TRUE(isSymbolicPath(Out.Path));
}

TEST(LockPathTest, SubstituteUnknownArgumentFallsBack) {
  LockRef Callee = ref("$0.m", "#struct obj.m");
  // No argument at that position.
  EXPECT_EQ(substitutePath(Callee, {}, LockRef()).Path, "#struct obj.m");
  // An argument with no path.
  EXPECT_EQ(substitutePath(Callee, {LockRef()}, LockRef()).Path, "#struct obj.m");
  // An argument known only by its type names more than the callee's parameter type
  // does: the field that reaches it is kept.
  EXPECT_EQ(substitutePath(Callee, {ref("#struct holder.obj")}, LockRef()).Path,
            "#struct holder.obj#struct obj.m");
  // No `this` for a member lock.
  EXPECT_EQ(substitutePath(ref("$this.mu_", "#A.mu_"), {}, LockRef()).Path, "#A.mu_");
  // Without a fallback the lock cannot be named in the caller.
  EXPECT_EQ(substitutePath(ref("$0"), {}, LockRef()).Path, "");
  EXPECT_EQ(substitutePath(ref("$3.m"), {ref("@c:@a")}, LockRef()).Path, "");
}

TEST(LockPathTest, FallbackSegments) {
  EXPECT_EQ(fallbackSegments("#struct pool.have#struct lock_s.mutex"),
            (std::vector<llvm::StringRef>{"struct pool.have", "struct lock_s.mutex"}));
  EXPECT_EQ(fallbackSegments("#A.mu_"), (std::vector<llvm::StringRef>{"A.mu_"}));
  EXPECT_TRUE(fallbackSegments("").empty());
  EXPECT_EQ(joinFallback(fallbackSegments("#struct pool.have#struct lock_s.mutex")),
            "#struct pool.have#struct lock_s.mutex");
}

// pigz's yarn: possess(lock *) locks `l->mutex`; `p->have` and `s->pool->have` are one
// lock kind, `s->use` another, though all are a `struct lock_s`'s mutex.
TEST(LockPathTest, SubstituteExtendsFallbackByTheFieldThatReachesIt) {
  LockRef Possess = ref("$0.mutex", "#struct lock_s.mutex");
  LockRef Have = ref("$0.have", "#struct pool.have");
  LockRef PoolHave = ref("$0.pool.have", "#struct space.pool#struct pool.have");
  LockRef Use = ref("$0.use", "#struct space.use");
  LockRef A = substitutePath(Possess, {Have}, LockRef());
  EXPECT_EQ(A.Path, "$0.have.mutex");
  EXPECT_EQ(A.Fallback, "#struct pool.have#struct lock_s.mutex");
  // Two segments are kept, so one object reached along two chains is one kind.
  EXPECT_EQ(substitutePath(Possess, {PoolHave}, LockRef()).Fallback, A.Fallback);
  EXPECT_EQ(substitutePath(Possess, {Use}, LockRef()).Fallback,
            "#struct space.use#struct lock_s.mutex");
  // A callee lock two fields below its parameter already has both segments.
  EXPECT_EQ(substitutePath(ref("$0.a.m", "#struct x.a#struct y.m"), {Have}, LockRef()).Fallback,
            "#struct x.a#struct y.m");
}

TEST(LockPathTest, SubstituteThroughGuardFieldBinding) {
  // scoped_lock_t(mutex_t &m) : m_(m) { m_.lock(); } takes `$this.m_.m_`; built as
  // `scoped_lock_t l(slot_)` in a ctx_t method, that is the method's `$this.slot_.m_`.
  LockRef Slot = ref("$this.slot_", "#ctx_t.slot_");
  Slot.Spelling = "slot_";
  std::vector<FieldBinding> Fields{{"m_", Slot}};
  LockRef Guard = ref("$this.m_.m_", "#scoped_lock_t.m_#mutex_t.m_");
  LockRef L = substitutePath(Guard, {}, ref("%c:@F@create%l"), Fields);
  EXPECT_EQ(L.Path, "$this.slot_.m_");
  EXPECT_EQ(L.Fallback, "#ctx_t.slot_#mutex_t.m_");
  EXPECT_EQ(L.Spelling, "slot_.m_");
  // A member with a longer name that starts the same is not the bound one.
  EXPECT_EQ(substitutePath(ref("$this.m_x.m_"), {}, ref("%c:@F@f%l"), Fields).Path,
            "%c:@F@f%l.m_x.m_");
}

TEST(LockPathTest, SubstituteKeepsThroughPointer) {
  LockRef Possess = ref("$0.mutex", "#struct lock_s.mutex");
  LockRef Loaded = ref("@c:@ready.use", "#struct space.use");
  Loaded.ThroughPointer = true;
  EXPECT_TRUE(substitutePath(Possess, {Loaded}, LockRef()).ThroughPointer);
  EXPECT_FALSE(substitutePath(Possess, {ref("@c:@g_lock")}, LockRef()).ThroughPointer);
}

TEST(LockPathTest, SubstituteConcretePathUnchanged) {
  for (const LockRef &L : {ref("@c:@g_mu"), ref("@c:file.c@s_mu", "", true),
                           ref("%c:@F@f%local.m", "#struct s.m"),
                           ref("#struct pool.have")}) {
    LockRef Out = substitutePath(L, {ref("@c:@x")}, ref("@c:@y"));
    EXPECT_EQ(Out.Path, L.Path);
    EXPECT_EQ(Out.Fallback, L.Fallback);
    EXPECT_EQ(Out.Recursive, L.Recursive);
  }
}

TEST(LockPathTest, DisplayGlobals) {
  EXPECT_EQ(displayLockName("@c:@g_mu"), "g_mu");
  EXPECT_EQ(displayLockName("@c:@g_pool.have"), "g_pool.have");
  EXPECT_EQ(displayLockName("@c:@g_locks[]"), "g_locks[]");
  EXPECT_EQ(displayLockName("@c:@N@app@S@Server@mu_"), "mu_"); // a static data member
}

TEST(LockPathTest, DisplayFileLocalStatic) {
  EXPECT_EQ(displayLockName("@c:file.c@g_mu"), "g_mu (file.c)");
  EXPECT_EQ(displayLockName("@c:bank.c@g_pool.have"), "g_pool.have (bank.c)");
}

TEST(LockPathTest, DisplayThisAndParameters) {
  EXPECT_EQ(displayLockName("$this"), "this");
  EXPECT_EQ(displayLockName("$this.mu_"), "this->mu_");
  EXPECT_EQ(displayLockName("$this.inner.mu_"), "this->inner.mu_");
  std::vector<std::string> Params = {"from", "to"};
  EXPECT_EQ(displayLockName("$0.m", Params), "from.m");
  EXPECT_EQ(displayLockName("$1", Params), "to");
  EXPECT_EQ(displayLockName("$2.m", Params), "arg2.m") << "a slot without a name";
  EXPECT_EQ(displayLockName("$0.m"), "arg0.m");
}

TEST(LockPathTest, DisplayTwoSegmentFallback) {
  EXPECT_EQ(displayLockName("#struct pool.have#struct lock_s.mutex"), "struct pool.have.mutex");
  EXPECT_EQ(displayLockName("#ctx_t.slot_#mutex_t.m_"), "ctx_t.slot_.m_");
}

TEST(LockPathTest, DisplayTypeFallbackAndLocals) {
  EXPECT_EQ(displayLockName("#struct pool.have"), "struct pool.have");
  EXPECT_EQ(displayLockName("#lock_t.m"), "lock_t.m");
  EXPECT_EQ(displayLockName("#app::Account.mu_"), "app::Account.mu_");
  EXPECT_EQ(displayLockName("%c:@F@worker%local_mu"), "local_mu");
  EXPECT_EQ(displayLockName("%c:@F@worker%st.m"), "st.m");
  EXPECT_EQ(displayLockName(""), "<unknown lock>");
}

} // namespace
