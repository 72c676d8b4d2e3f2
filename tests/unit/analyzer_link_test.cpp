// The whole-program link step (analyzer/Program.h, analyzer/LinkAnalysis.h) on facts
// built by hand: order edges, wrappers across translation units, recursion, calling-
// context gates, leaks and double locks.
#include "LinkAnalysis.h"
#include "LockPath.h"

#include "analyzer_test_support.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <tuple>

using namespace lockgraph;

namespace {

// --- building facts -----------------------------------------------------------------

using test::ref;

Event acquire(LockRef L, uint32_t Line) {
  Event E;
  E.Kind = EventKind::Acquire;
  E.At = {0, Line, 3};
  E.Locks = {std::move(L)};
  return E;
}

Event release(LockRef L, uint32_t Line) {
  Event E = acquire(std::move(L), Line);
  E.Kind = EventKind::Release;
  return E;
}

Event call(std::string CalleeUsr, std::vector<LockRef> Args, uint32_t Line) {
  Event E;
  E.Kind = EventKind::Call;
  E.At = {0, Line, 3};
  E.Callee = CalleeUsr;
  E.CalleeName = CalleeUsr.substr(CalleeUsr.rfind('@') + 1);
  E.Args = std::move(Args);
  return E;
}

Successor to(uint32_t Block, std::string Cond = "", bool Value = false) {
  Successor S;
  S.Block = Block;
  S.Cond = std::move(Cond);
  S.CondValue = Value;
  return S;
}

// A function of one straight-line block: entry 0 holds the events and returns;
// block 1 is the exit.
FunctionFacts straight(std::string Usr, std::vector<Event> Events, uint32_t Line = 1,
                       std::vector<std::string> Params = {}) {
  FunctionFacts F;
  F.Usr = Usr;
  F.Name = Usr.substr(Usr.rfind('@') + 1);
  F.Loc = {0, Line, 1};
  F.ParamNames = std::move(Params);
  F.Blocks.resize(2);
  F.Blocks[0].Events = std::move(Events);
  F.Blocks[0].Succs = {to(1)};
  F.Blocks[0].ReachesExit = true;
  F.Blocks[0].ExitSite = {0, Line + 20, 1};
  F.Entry = 0;
  F.Exit = 1;
  return F;
}

TranslationUnitFacts tu(std::string File, std::vector<FunctionFacts> Functions,
                        std::vector<std::string> AddressTaken = {}) {
  TranslationUnitFacts TU;
  TU.MainFile = File;
  TU.CommandHash = "h-" + File;
  TU.Files = {File};
  TU.Functions = std::move(Functions);
  TU.AddressTaken = std::move(AddressTaken);
  return TU;
}

// --- reading observations -----------------------------------------------------------

const std::string &pathOf(const Program &P, LockId L) { return P.Locks.info(L).Ref.Path; }

const std::string &fnName(const Program &P, uint32_t Fn) {
  return P.functions()[Fn].Facts->Name;
}

std::vector<std::string> names(const Program &P, const std::vector<LockId> &Ids) {
  std::vector<std::string> Out;
  for (LockId L : Ids)
    Out.push_back(pathOf(P, L));
  std::sort(Out.begin(), Out.end());
  return Out;
}

// Edges From -> To between the locks with these paths.
std::vector<const EdgeObservation *> edges(const Program &P, const Observations &O,
                                           llvm::StringRef From, llvm::StringRef To) {
  std::vector<const EdgeObservation *> Out;
  for (const EdgeObservation &E : O.Edges)
    if (pathOf(P, E.From) == From && pathOf(P, E.To) == To)
      Out.push_back(&E);
  return Out;
}

std::string describe(const Program &P, const Observations &O) {
  std::string S;
  for (const EdgeObservation &E : O.Edges)
    S += "  " + pathOf(P, E.From) + " -> " + pathOf(P, E.To) + " in " +
         fnName(P, E.Function) + "\n";
  return S;
}

// --- Program ------------------------------------------------------------------------

TEST(ProgramTest, DedupesFunctionsByUsrAndMergesFiles) {
  FunctionFacts Inline = straight("c:@F@inl", {acquire(ref("@c:@A"), 2)});
  TranslationUnitFacts T1 = tu("/src/a.c", {Inline});
  T1.Files.push_back("/src/common.h");
  TranslationUnitFacts T2 = tu("/src/b.c", {Inline, straight("c:@F@b", {})});
  T2.Files.push_back("/src/common.h");
  Program P({T2, T1}); // order of arrival does not matter
  ASSERT_EQ(P.functions().size(), 2u);
  EXPECT_NE(P.function("c:@F@inl"), nullptr);
  EXPECT_NE(P.function("c:@F@b"), nullptr);
  EXPECT_EQ(P.function("c:@F@none"), nullptr);
  EXPECT_EQ(P.fileCount(), 3u) << "common.h once";
  // The TU sorted first (a.c) provides the definition, with its own file map.
  EXPECT_EQ(P.file(P.function("c:@F@inl")->FileMap[0]), "/src/a.c");
  EXPECT_EQ(P.file(P.function("c:@F@b")->FileMap[0]), "/src/b.c");
  EXPECT_EQ(P.function("c:@F@b")->FileMap[1], P.function("c:@F@inl")->FileMap[1]);
}

TEST(ProgramTest, OnlyCalledDirectly) {
  TranslationUnitFacts T1 = tu("/src/a.c", {straight("c:@F@main", {call("c:@F@helper", {}, 2),
                                                                  call("c:@F@cb", {}, 3)}),
                                            straight("c:@F@helper", {}),
                                            straight("c:@F@cb", {})},
                               {"c:@F@cb"});
  Program P({T1});
  EXPECT_TRUE(P.onlyCalledDirectly("c:@F@helper"));
  EXPECT_FALSE(P.onlyCalledDirectly("c:@F@cb")) << "its address is taken";
  EXPECT_FALSE(P.onlyCalledDirectly("c:@F@main")) << "no caller at all";
}

TEST(ProgramTest, SuppressionsWithIdGlobs) {
  TranslationUnitFacts T = tu("/src/a.c", {});
  T.Files.push_back("/src/a.h");
  T.Suppressions = {{0, 10, {}},
                    {0, 20, {"lockgraph-double-lock"}},
                    {0, 30, {"lockgraph-lock-*"}},
                    {0, 40, {"*"}},
                    {0, 50, {"lockgraph-lock-leak", "lockgraph-bad-unlock"}},
                    {1, 60, {"lockgraph-double-lock"}}};
  Program P({T});
  // One TU: its file indexes are the program's.
  EXPECT_TRUE(P.isSuppressed({0, 10, 1}, "double-lock")) << "bare NOLINT: every id";
  EXPECT_TRUE(P.isSuppressed({0, 10, 99}, "lock-leak")) << "any column";
  EXPECT_TRUE(P.isSuppressed({0, 20, 1}, "double-lock"));
  EXPECT_FALSE(P.isSuppressed({0, 20, 1}, "lock-leak"));
  EXPECT_TRUE(P.isSuppressed({0, 30, 1}, "lock-order-inversion"));
  EXPECT_TRUE(P.isSuppressed({0, 30, 1}, "lock-leak"));
  EXPECT_FALSE(P.isSuppressed({0, 30, 1}, "double-lock"));
  EXPECT_TRUE(P.isSuppressed({0, 40, 1}, "busy-wait"));
  EXPECT_TRUE(P.isSuppressed({0, 50, 1}, "bad-unlock"));
  EXPECT_FALSE(P.isSuppressed({0, 50, 1}, "double-lock"));
  EXPECT_FALSE(P.isSuppressed({0, 11, 1}, "double-lock")) << "another line";
  EXPECT_FALSE(P.isSuppressed({0, 60, 1}, "double-lock")) << "another file";
  EXPECT_TRUE(P.isSuppressed({1, 60, 1}, "double-lock"));
}

// --- analyzeProgram -----------------------------------------------------------------

TEST(LinkAnalysisTest, TwoFunctionsTwoOrders) {
  Program P({tu("/src/a.c",
                {straight("c:@F@f", {acquire(ref("@c:@A"), 2), acquire(ref("@c:@B"), 3),
                                     release(ref("@c:@B"), 4), release(ref("@c:@A"), 5)}),
                 straight("c:@F@g", {acquire(ref("@c:@B"), 12), acquire(ref("@c:@A"), 13),
                                     release(ref("@c:@A"), 14), release(ref("@c:@B"), 15)},
                          11)})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.Edges.size(), 2u) << describe(P, O);
  auto AB = edges(P, O, "@c:@A", "@c:@B");
  auto BA = edges(P, O, "@c:@B", "@c:@A");
  ASSERT_EQ(AB.size(), 1u);
  ASSERT_EQ(BA.size(), 1u);
  EXPECT_EQ(fnName(P, AB[0]->Function), "f");
  EXPECT_EQ(AB[0]->Site.Line, 3u);
  EXPECT_EQ(AB[0]->HeldSite.Line, 2u);
  EXPECT_FALSE(AB[0]->MayOnly);
  EXPECT_TRUE(AB[0]->Chain.empty()) << "formed directly";
  EXPECT_TRUE(AB[0]->Gates.empty());
  EXPECT_EQ(fnName(P, BA[0]->Function), "g");
  EXPECT_TRUE(O.DoubleLocks.empty());
  EXPECT_TRUE(O.Leaks.empty());
  EXPECT_TRUE(O.BadUnlocks.empty());
}

TEST(LinkAnalysisTest, WrapperInAnotherTranslationUnit) {
  // lock.c:   void possess(struct obj *o) { lock(&o->m); }   -- returns holding it
  // main.c:   possess(&L1); possess(&L2); ...
  FunctionFacts Possess =
      straight("c:@F@possess", {acquire(ref("$0.m", "#struct obj.m"), 2)}, 1, {"o"});
  FunctionFacts H = straight("c:@F@h",
                             {call("c:@F@possess", {ref("@c:@L1")}, 11),
                              call("c:@F@possess", {ref("@c:@L2")}, 12),
                              release(ref("@c:@L2.m"), 13), release(ref("@c:@L1.m"), 14)},
                             10);
  Program P({tu("/src/main.c", {H}), tu("/src/lock.c", {Possess})});
  Observations O = analyzeProgram(P);
  auto E = edges(P, O, "@c:@L1.m", "@c:@L2.m");
  ASSERT_EQ(E.size(), 1u) << describe(P, O);
  EXPECT_EQ(fnName(P, E[0]->Function), "h");
  EXPECT_EQ(P.file(E[0]->Site.File), "/src/main.c");
  EXPECT_EQ(E[0]->Site.Line, 12u) << "the call that acquires L2.m";
  EXPECT_EQ(E[0]->HeldSite.Line, 11u) << "the call that acquired L1.m";
  ASSERT_FALSE(E[0]->Chain.empty());
  EXPECT_EQ(E[0]->Chain[0].Function, "possess");
  EXPECT_EQ(P.file(E[0]->Chain[0].Site.File), "/src/lock.c");
  EXPECT_EQ(E[0]->Chain[0].Site.Line, 2u);
  EXPECT_TRUE(edges(P, O, "@c:@L2.m", "@c:@L1.m").empty());
  EXPECT_TRUE(O.DoubleLocks.empty());
  EXPECT_TRUE(O.BadUnlocks.empty()) << "the caller releases what the wrapper took";
  EXPECT_TRUE(O.Leaks.empty());
}

TEST(LinkAnalysisTest, SymbolicEdgeBoundAtTheCallSite) {
  // transfer(a, b) { lock(&a->m); lock(&b->m); unlock both }
  // caller: transfer(&X, &Y);   other: transfer(&Y, &X);
  const char *Fb = "#struct account.m";
  FunctionFacts Transfer =
      straight("c:@F@transfer",
               {acquire(ref("$0.m", Fb), 2), acquire(ref("$1.m", Fb), 3),
                release(ref("$1.m", Fb), 4), release(ref("$0.m", Fb), 5)},
               1, {"a", "b"});
  FunctionFacts C1 = straight("c:@F@c1", {call("c:@F@transfer", {ref("@c:@X"), ref("@c:@Y")}, 11)}, 10);
  FunctionFacts C2 = straight("c:@F@c2", {call("c:@F@transfer", {ref("@c:@Y"), ref("@c:@X")}, 21)}, 20);
  Program P({tu("/src/t.c", {Transfer}), tu("/src/c.c", {C1, C2})});
  Observations O = analyzeProgram(P);
  auto XY = edges(P, O, "@c:@X.m", "@c:@Y.m");
  auto YX = edges(P, O, "@c:@Y.m", "@c:@X.m");
  ASSERT_EQ(XY.size(), 1u) << describe(P, O);
  ASSERT_EQ(YX.size(), 1u) << describe(P, O);
  EXPECT_EQ(fnName(P, XY[0]->Function), "transfer");
  ASSERT_EQ(XY[0]->BoundAt.size(), 1u);
  EXPECT_EQ(XY[0]->BoundAt[0].Line, 11u);
  EXPECT_EQ(YX[0]->BoundAt.at(0).Line, 21u);
  // transfer is only called directly: no type-level edge for it.
  EXPECT_TRUE(edges(P, O, Fb, Fb).empty());
}

TEST(LinkAnalysisTest, UnboundParametersFallBackToTypeNames) {
  // An address-taken function's parameters have no visible binding.
  FunctionFacts Transfer =
      straight("c:@F@transfer",
               {acquire(ref("$0.from", "#struct acct.from"), 2),
                acquire(ref("$0.to", "#struct acct.to"), 3)},
               1, {"a"});
  Program P({tu("/src/t.c", {Transfer}, {"c:@F@transfer"})});
  Observations O = analyzeProgram(P);
  EXPECT_EQ(edges(P, O, "#struct acct.from", "#struct acct.to").size(), 1u) << describe(P, O);
}

TEST(LinkAnalysisTest, RecursionTerminates) {
  // f() { lock(A); f(); unlock(A); }: the recursive call takes A again.
  FunctionFacts F = straight("c:@F@f", {acquire(ref("@c:@A"), 2), call("c:@F@f", {}, 3),
                                        release(ref("@c:@A"), 4)});
  Program P({tu("/src/r.c", {F})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.DoubleLocks.size(), 1u);
  EXPECT_EQ(pathOf(P, O.DoubleLocks[0].Lock), "@c:@A");
  EXPECT_EQ(O.DoubleLocks[0].Site.Line, 3u);
  EXPECT_EQ(O.DoubleLocks[0].FirstSite.Line, 2u);
}

TEST(LinkAnalysisTest, MutualRecursionOverGrowingPathsConverges) {
  // walk(n) { lock(&n->m); walk(n->next); unlock(&n->m); } names a new lock each
  // round ($0.next.m, $0.next.next.m, ...): the round limit must stop it.
  const char *Fb = "#struct node.m";
  FunctionFacts Walk = straight(
      "c:@F@walk",
      {acquire(ref("$0.m", Fb), 2), call("c:@F@step", {ref("$0.next", "#struct node.next")}, 3),
       release(ref("$0.m", Fb), 4)},
      1, {"n"});
  FunctionFacts Step = straight("c:@F@step", {call("c:@F@walk", {ref("$0")}, 12)}, 11, {"n"});
  FunctionFacts Root =
      straight("c:@F@root", {call("c:@F@walk", {ref("@c:@head")}, 22)}, 21);
  Program P({tu("/src/w.c", {Walk, Step, Root})});
  LinkLimits Limits;
  Observations O = analyzeProgram(P, Limits);
  // The concrete chain head.m -> head.next.m is found; how deep it goes is bounded.
  EXPECT_EQ(edges(P, O, "@c:@head.m", "@c:@head.next.m").size(), 1u) << describe(P, O);
  EXPECT_LT(P.Locks.size(), 200u);
}

TEST(LinkAnalysisTest, CallingContextGate) {
  // inner() { lock(a); lock(b); unlock(b); unlock(a); } is only called with G held.
  FunctionFacts Inner = straight("c:@F@inner", {acquire(ref("@c:@a"), 2), acquire(ref("@c:@b"), 3),
                                                release(ref("@c:@b"), 4), release(ref("@c:@a"), 5)});
  FunctionFacts Outer = straight("c:@F@outer", {acquire(ref("@c:@G"), 11),
                                                call("c:@F@inner", {}, 12),
                                                release(ref("@c:@G"), 13)},
                                 10);
  {
    Program P({tu("/src/g.c", {Inner, Outer})});
    Observations O = analyzeProgram(P);
    auto AB = edges(P, O, "@c:@a", "@c:@b");
    ASSERT_EQ(AB.size(), 1u) << describe(P, O);
    EXPECT_EQ(fnName(P, AB[0]->Function), "inner");
    EXPECT_EQ(names(P, AB[0]->Gates), (std::vector<std::string>{"@c:@G"}));
    // The caller's own edges G -> a, G -> b through the call are not gated by G.
    auto GA = edges(P, O, "@c:@G", "@c:@a");
    ASSERT_EQ(GA.size(), 1u);
    EXPECT_TRUE(GA[0]->Gates.empty());
  }
  {
    // inner is also a thread entry: it may run with nothing held.
    Program P({tu("/src/g.c", {Inner, Outer}, {"c:@F@inner"})});
    Observations O = analyzeProgram(P);
    auto AB = edges(P, O, "@c:@a", "@c:@b");
    ASSERT_EQ(AB.size(), 1u) << describe(P, O);
    EXPECT_TRUE(AB[0]->Gates.empty());
  }
  {
    // Two callers, one without G: no gate.
    FunctionFacts Bare = straight("c:@F@bare", {call("c:@F@inner", {}, 31)}, 30);
    Program P({tu("/src/g.c", {Inner, Outer, Bare})});
    Observations O = analyzeProgram(P);
    auto AB = edges(P, O, "@c:@a", "@c:@b");
    ASSERT_EQ(AB.size(), 1u) << describe(P, O);
    EXPECT_TRUE(AB[0]->Gates.empty());
  }
}

TEST(LinkAnalysisTest, CallingContextGateIsHeldBeforeTheCall) {
  // w() { lock(a); lock(b); unlock(b); unlock(a); lock(G); }  -- returns holding G
  // k() { w(); unlock(G); }
  // G is taken after w's edge a -> b formed, so it cannot serialize that edge: with
  // h() { lock(G); lock(b); lock(a); ... } threads running k and h deadlock on a, b.
  FunctionFacts W = straight("c:@F@w", {acquire(ref("@c:@a"), 2), acquire(ref("@c:@b"), 3),
                                        release(ref("@c:@b"), 4), release(ref("@c:@a"), 5),
                                        acquire(ref("@c:@G"), 6)});
  FunctionFacts K = straight("c:@F@k", {call("c:@F@w", {}, 11), release(ref("@c:@G"), 12)}, 10);
  Program P({tu("/src/w.c", {W, K})});
  Observations O = analyzeProgram(P);
  auto AB = edges(P, O, "@c:@a", "@c:@b");
  ASSERT_EQ(AB.size(), 1u) << describe(P, O);
  std::vector<std::string> Gates = names(P, AB[0]->Gates);
  // The calling context is what the caller holds before the call, not after the
  // callee's own returned-held lock is added.
  EXPECT_TRUE(Gates.empty());
}

TEST(LinkAnalysisTest, LeakOnOneExitPath) {
  // f() { lock(L); if (...) { unlock(L); return; } return; }
  FunctionFacts F;
  F.Usr = "c:@F@f";
  F.Name = "f";
  F.Loc = {0, 1, 1};
  F.Blocks.resize(4);
  F.Blocks[0].Events = {acquire(ref("@c:@L"), 2)};
  F.Blocks[0].Succs = {to(1), to(2)};
  F.Blocks[1].Events = {release(ref("@c:@L"), 4)};
  F.Blocks[1].Succs = {to(3)};
  F.Blocks[1].ReachesExit = true;
  F.Blocks[1].ExitSite = {0, 5, 5};
  F.Blocks[2].Succs = {to(3)};
  F.Blocks[2].ReachesExit = true;
  F.Blocks[2].ExitSite = {0, 7, 3};
  F.Entry = 0;
  F.Exit = 3;
  Program P({tu("/src/l.c", {F})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.Leaks.size(), 1u);
  const LeakObservation &L = O.Leaks[0];
  EXPECT_EQ(pathOf(P, L.Lock), "@c:@L");
  EXPECT_EQ(L.AcquireSite.Line, 2u);
  EXPECT_EQ(L.ExitSite.Line, 7u) << "the exit that leaves it held";
  EXPECT_EQ(L.ReleasingExit.Line, 5u);
  EXPECT_TRUE(O.BadUnlocks.empty());
}

// if (x) lock(L); ... if (x) unlock(L);  CondVar names x when the function never
// modifies it; LockFirst puts the branch that locks first among block 0's successors.
FunctionFacts conditionalLock(std::string CondVar, bool LockFirst) {
  FunctionFacts F;
  F.Usr = "c:@F@f";
  F.Name = "f";
  F.Loc = {0, 1, 1};
  F.ParamNames = {"x"};
  F.Blocks.resize(6);
  F.Blocks[0].Succs = {to(1, CondVar, true), to(2, CondVar, false)};
  if (!LockFirst)
    std::swap(F.Blocks[0].Succs[0], F.Blocks[0].Succs[1]);
  F.Blocks[1].Events = {acquire(ref("@c:@L"), 2)};
  F.Blocks[1].Succs = {to(2)};
  F.Blocks[2].Succs = {to(3, CondVar, true), to(4, CondVar, false)};
  F.Blocks[3].Events = {release(ref("@c:@L"), 4)};
  F.Blocks[3].Succs = {to(4)};
  F.Blocks[4].Succs = {to(5)};
  F.Blocks[4].ReachesExit = true;
  F.Blocks[4].ExitSite = {0, 6, 1};
  F.Entry = 0;
  F.Exit = 5;
  return F;
}

TEST(LinkAnalysisTest, NoLeakWhenLockAndUnlockShareACondition) {
  for (bool LockFirst : {true, false}) {
    SCOPED_TRACE(LockFirst ? "lock branch first" : "lock branch second");
    Program P({tu("/src/c.c", {conditionalLock("x@40", LockFirst)})});
    Observations O = analyzeProgram(P);
    EXPECT_TRUE(O.Leaks.empty());
    EXPECT_TRUE(O.BadUnlocks.empty());
    EXPECT_TRUE(O.DoubleLocks.empty());
  }
}

TEST(LinkAnalysisTest, ResultDoesNotDependOnSuccessorOrder) {
  // Without the condition the two ifs of f are unrelated. Whatever the verdict on L,
  // in f or in a caller that takes M after calling f, it must not change when the
  // branches of the first if are listed the other way round.
  auto Run = [](bool LockFirst) {
    FunctionFacts C = straight("c:@F@c", {call("c:@F@f", {}, 21), acquire(ref("@c:@M"), 22),
                                          release(ref("@c:@M"), 23)},
                               20);
    Program P({tu("/src/c.c", {conditionalLock("", LockFirst), C})});
    Observations O = analyzeProgram(P);
    return std::make_tuple(O.Edges.size(), O.Leaks.size(), O.BadUnlocks.size(),
                           O.DoubleLocks.size(), describe(P, O));
  };
  auto [Edges1, Leaks1, Bad1, Double1, Text1] = Run(true);
  auto [Edges2, Leaks2, Bad2, Double2, Text2] = Run(false);
  EXPECT_EQ(Bad1, Bad2);
  EXPECT_EQ(Double1, Double2);
  EXPECT_EQ(Edges1, Edges2) << "locking branch first:\n" << Text1 << "locking branch second:\n"
                            << Text2;
  EXPECT_EQ(Leaks1, Leaks2);
  EXPECT_EQ(Edges1, Edges2);
  EXPECT_EQ(Leaks1, Leaks2);
}

TEST(LinkAnalysisTest, DoubleLockThroughAHelper) {
  // helper(m) { lock(m); unlock(m); }   f() { lock(&M); helper(&M); unlock(&M); }
  FunctionFacts Helper = straight("c:@F@helper", {acquire(ref("$0"), 2), release(ref("$0"), 3)},
                                  1, {"m"});
  FunctionFacts F = straight("c:@F@f", {acquire(ref("@c:@M"), 11),
                                        call("c:@F@helper", {ref("@c:@M")}, 12),
                                        release(ref("@c:@M"), 13)},
                             10);
  Program P({tu("/src/d.c", {Helper}), tu("/src/e.c", {F})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.DoubleLocks.size(), 1u);
  const DoubleLockObservation &D = O.DoubleLocks[0];
  EXPECT_EQ(pathOf(P, D.Lock), "@c:@M");
  EXPECT_EQ(fnName(P, D.Function), "f");
  EXPECT_EQ(D.Site.Line, 12u);
  EXPECT_EQ(D.FirstSite.Line, 11u);
  ASSERT_FALSE(D.Chain.empty());
  EXPECT_EQ(D.Chain[0].Function, "helper");
  EXPECT_EQ(D.Chain[0].Site.Line, 2u);
  EXPECT_FALSE(D.SharedThenExclusive);
  // The helper's release is of its own acquisition: no bad unlock in the caller.
  EXPECT_TRUE(O.BadUnlocks.empty());

  // Called with a different lock: nothing.
  FunctionFacts G = straight("c:@F@f", {acquire(ref("@c:@M"), 11),
                                        call("c:@F@helper", {ref("@c:@N")}, 12),
                                        release(ref("@c:@M"), 13)},
                             10);
  Program Q({tu("/src/d.c", {Helper}), tu("/src/e.c", {G})});
  Observations OQ = analyzeProgram(Q);
  EXPECT_TRUE(OQ.DoubleLocks.empty());
  EXPECT_EQ(edges(Q, OQ, "@c:@M", "@c:@N").size(), 1u) << describe(Q, OQ);
}

TEST(LinkAnalysisTest, BadUnlockThroughAnUnlockWrapper) {
  // drop(m) { unlock(m); }   f() { lock(&M); drop(&M); drop(&M); }
  FunctionFacts Drop = straight("c:@F@drop", {release(ref("$0"), 2)}, 1, {"m"});
  FunctionFacts F = straight("c:@F@f", {acquire(ref("@c:@M"), 11),
                                        call("c:@F@drop", {ref("@c:@M")}, 12),
                                        call("c:@F@drop", {ref("@c:@M")}, 13)},
                             10);
  Program P({tu("/src/u.c", {Drop, F})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.BadUnlocks.size(), 1u);
  EXPECT_EQ(pathOf(P, O.BadUnlocks[0].Lock), "@c:@M");
  EXPECT_EQ(O.BadUnlocks[0].Site.Line, 13u);
  EXPECT_EQ(O.BadUnlocks[0].PreviousRelease.Line, 12u);
  EXPECT_TRUE(O.Leaks.empty());
}

// --- accesses of shared data --------------------------------------------------------

Event access(LockRef Location, AccessKind K, uint32_t Line) {
  Event E;
  E.Kind = EventKind::Access;
  E.At = {0, Line, 3};
  E.Location = std::move(Location);
  E.Access = K;
  return E;
}

const AccessObservation *accessOnLine(const Observations &O, uint32_t Line) {
  for (const AccessObservation &A : O.Accesses)
    if (A.Site.Line == Line)
      return &A;
  return nullptr;
}

TEST(LinkAnalysisTest, AccessesSeeTheirLocksAndTheirCallersLocks) {
  // bump() { n++; } is called only with G held; set() { lock(G); n = 1; unlock(G); }.
  FunctionFacts Bump = straight("c:@F@bump", {access(ref("@c:@n"), AccessKind::ReadModifyWrite, 2)});
  FunctionFacts Set = straight("c:@F@set", {acquire(ref("@c:@G"), 11),
                                            access(ref("@c:@n"), AccessKind::Write, 12),
                                            call("c:@F@bump", {}, 13),
                                            release(ref("@c:@G"), 14)},
                               10);
  Program P({tu("/src/n.c", {Bump, Set})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.Accesses.size(), 2u);
  const AccessObservation *InBump = accessOnLine(O, 2), *InSet = accessOnLine(O, 12);
  ASSERT_TRUE(InBump && InSet);
  EXPECT_EQ(InBump->Location, "@c:@n");
  EXPECT_EQ(names(P, InBump->Held), (std::vector<std::string>{"@c:@G"})); // the caller's
  EXPECT_EQ(names(P, InSet->Held), (std::vector<std::string>{"@c:@G"}));
  EXPECT_EQ(InSet->Kind, AccessKind::Write);
  // No lock events and no lock ids for the data itself.
  EXPECT_EQ(P.Locks.find("@c:@n"), NoLock);
}

TEST(LinkAnalysisTest, AccessThroughAParameterIsNamedByRecordField) {
  // push(q) { lock(q->m); q->len++; unlock(q->m); }: the field and its guard by kind;
  // an int reached through an untyped argument has no name and is left out.
  LockRef Len = ref("$0.len", "#struct queue.len");
  Len.Spelling = "q->len";
  FunctionFacts Push = straight("c:@F@push", {acquire(ref("$0.m", "#struct queue.m"), 2),
                                              access(Len, AccessKind::ReadModifyWrite, 3),
                                              access(ref("$0"), AccessKind::ReadModifyWrite, 4),
                                              release(ref("$0.m", "#struct queue.m"), 5)},
                                1, {"q"});
  Program P({tu("/src/q.c", {Push}, {"c:@F@push"})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.Accesses.size(), 1u);
  EXPECT_EQ(O.Accesses[0].Location, "#struct queue.len");
  EXPECT_EQ(O.Accesses[0].LocationName, "q->len");
  EXPECT_EQ(names(P, O.Accesses[0].Held), (std::vector<std::string>{"#struct queue.m"}));
}

TEST(LinkAnalysisTest, AccessUnderALockTakenOnSomePathsIsMayHeld) {
  // f(locked) { if (!locked) lock(m); n++; unlock(m); }
  FunctionFacts F;
  F.Usr = "c:@F@f";
  F.Name = "f";
  F.ParamNames = {"locked"};
  F.ParamVars = {"locked@1"};
  F.Blocks.resize(4);
  F.Blocks[0].Succs = {to(1, "locked@1", false), to(2, "locked@1", true)};
  F.Blocks[1].Events = {acquire(ref("@c:@m"), 2)};
  F.Blocks[1].Succs = {to(2)};
  F.Blocks[2].Events = {access(ref("@c:@n"), AccessKind::ReadModifyWrite, 3),
                        release(ref("@c:@m"), 4)};
  F.Blocks[2].Succs = {to(3)};
  F.Blocks[2].ReachesExit = true;
  F.Blocks[2].ExitSite = {0, 5, 1};
  F.Entry = 0;
  F.Exit = 3;
  Program P({tu("/src/f.c", {F}, {"c:@F@f"})});
  Observations O = analyzeProgram(P);
  ASSERT_EQ(O.Accesses.size(), 1u);
  EXPECT_TRUE(O.Accesses[0].Held.empty());
  EXPECT_EQ(names(P, O.Accesses[0].MayHeld), (std::vector<std::string>{"@c:@m"}));
}

} // namespace
