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
  // An argument known only by its type: the callee's own field name is better.
  EXPECT_EQ(substitutePath(Callee, {ref("#struct holder.obj")}, LockRef()).Path,
            "#struct obj.m");
  // No `this` for a member lock.
  EXPECT_EQ(substitutePath(ref("$this.mu_", "#A.mu_"), {}, LockRef()).Path, "#A.mu_");
  // Without a fallback the lock cannot be named in the caller.
  EXPECT_EQ(substitutePath(ref("$0"), {}, LockRef()).Path, "");
  EXPECT_EQ(substitutePath(ref("$3.m"), {ref("@c:@a")}, LockRef()).Path, "");
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

TEST(LockPathTest, DisplayTypeFallbackAndLocals) {
  EXPECT_EQ(displayLockName("#struct pool.have"), "struct pool.have");
  EXPECT_EQ(displayLockName("#lock_t.m"), "lock_t.m");
  EXPECT_EQ(displayLockName("#app::Account.mu_"), "app::Account.mu_");
  EXPECT_EQ(displayLockName("%c:@F@worker%local_mu"), "local_mu");
  EXPECT_EQ(displayLockName("%c:@F@worker%st.m"), "st.m");
  EXPECT_EQ(displayLockName(""), "<unknown lock>");
}

} // namespace
