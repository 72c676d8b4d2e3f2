// Unit tests for the preload library's core (no pthread, no dlsym): lock table with
// generations, held-set growth, lock-order graph with gates and trylock edges, stack
// depot, options parsing.
#include <gtest/gtest.h>

#include <new>
#include <string>
#include <utility>
#include <vector>

#include "core/HeldSet.h"
#include "core/LockGraph.h"
#include "core/LockTable.h"
#include "core/Options.h"
#include "core/StackDepot.h"
#include "core/ThreadSegments.h"

using namespace lockgraph::rt;

namespace {

// ---------------------------------------------------------------- lock table

TEST(LockTable, SameAddressSameNode) {
  LockTable T{};
  uint32_t A = T.lookupOrCreate(0x1000);
  uint32_t B = T.lookupOrCreate(0x2000);
  EXPECT_NE(A, 0u);
  EXPECT_NE(A, B);
  EXPECT_EQ(T.lookupOrCreate(0x1000), A);
  EXPECT_EQ(T.find(0x2000), B);
  EXPECT_EQ(T.find(0x3000), 0u);
}

TEST(LockTable, DestroyStartsNewGeneration) {
  LockTable T{};
  uint32_t Gen = 99;
  uint32_t A = T.lookupOrCreate(0x1000, &Gen);
  EXPECT_EQ(Gen, 0u);
  T.endGeneration(0x1000);
  EXPECT_EQ(T.find(0x1000), 0u);
  uint32_t A2 = T.lookupOrCreate(0x1000, &Gen);
  EXPECT_NE(A2, A);
  EXPECT_EQ(Gen, 1u);
  // Ending a generation that was never used does not bump the counter.
  T.endGeneration(0x1000);
  T.endGeneration(0x1000);
  T.lookupOrCreate(0x1000, &Gen);
  EXPECT_EQ(Gen, 2u);
}

TEST(LockTable, GrowsPastManyLocks) {
  LockTable T{};
  std::vector<uint32_t> Ids;
  for (uintptr_t I = 0; I < 100000; ++I)
    Ids.push_back(T.lookupOrCreate(0x10000 + I * 64));
  for (uintptr_t I = 0; I < 100000; ++I)
    ASSERT_EQ(T.find(0x10000 + I * 64), Ids[I]);
  EXPECT_EQ(T.size(), 100000u);
  EXPECT_EQ(T.nodeCount(), 100000u);
}

// ---------------------------------------------------------------- held set

TEST(HeldSet, GrowsWithoutCap) {
  HeldSet H{};
  for (uintptr_t I = 0; I < 5000; ++I)
    ASSERT_TRUE(H.push(HeldLock{0x1000 + I, static_cast<uint32_t>(I + 1), 1, 0,
                                HoldMode::Exclusive, false, 0}));
  EXPECT_EQ(H.size(), 5000u);
  EXPECT_EQ(H.findAddr(0x1000 + 4999), 4999);
  EXPECT_EQ(H.findAddr(0x1000), 0);
  H.removeAt(0);
  EXPECT_EQ(H.findAddr(0x1000), -1);
  EXPECT_EQ(H[0].Addr, 0x1001u); // order kept
  H.release();
  EXPECT_TRUE(H.empty());
}

// ---------------------------------------------------------------- graph

struct GraphFixture : ::testing::Test {
  LockGraph G{};
  EdgeChange add(uint32_t From, uint32_t To, std::vector<uint32_t> Held = {},
                 bool ReaderGate = false) {
    if (Held.empty())
      Held = {From};
    for (uint32_t N : {From, To})
      G.describeNode(N, DescendingAddresses ? 0x1000 * (100000 - N) : 0x1000 * N, 0);
    Edge *E = nullptr;
    EdgeChange C =
        G.addEdge(From, To, Held.data(), Held.size(), 1, 0, 0, &E, ReaderGate);
    Last = E;
    return C;
  }
  size_t cycle() { return Last ? G.findCycle(Last, Path, 64) : 0; }
  Edge *Last = nullptr;
  const Edge *Path[64];
  bool DescendingAddresses = false; // lock N lives below lock N-1
};

TEST_F(GraphFixture, TwoLockCycle) {
  EXPECT_EQ(add(1, 2), EdgeChange::New);
  EXPECT_EQ(cycle(), 0u);
  EXPECT_EQ(add(2, 1), EdgeChange::New);
  ASSERT_EQ(cycle(), 2u);
  EXPECT_EQ(Path[0]->From, 2u);
  EXPECT_EQ(Path[0]->To, 1u);
  EXPECT_EQ(Path[1]->From, 1u);
  EXPECT_EQ(Path[1]->To, 2u);
  EXPECT_TRUE(G.firstReportOf(Path, 2));
  EXPECT_FALSE(G.firstReportOf(Path, 2));
  EXPECT_EQ(add(2, 1), EdgeChange::None);
  EXPECT_TRUE(G.checkInvariants());
}

TEST_F(GraphFixture, LongCycle) {
  for (uint32_t I = 1; I < 10; ++I) {
    add(I, I + 1);
    EXPECT_EQ(cycle(), 0u);
  }
  add(10, 1);
  ASSERT_EQ(cycle(), 10u);
  for (size_t I = 0; I < 10; ++I)
    EXPECT_EQ(Path[I]->To, Path[(I + 1) % 10]->From);
  EXPECT_TRUE(G.checkInvariants());
}

TEST_F(GraphFixture, CommonGateSuppressesCycle) {
  // G=9 held around both orders.
  add(1, 2, {9, 1});
  add(2, 1, {9, 2});
  EXPECT_EQ(cycle(), 0u);
  // Same order taken once without the gate: the gate set shrinks and the cycle is
  // real now.
  EXPECT_EQ(add(1, 2, {1}), EdgeChange::GatesShrunk);
  EXPECT_EQ(cycle(), 2u);
  EXPECT_TRUE(G.checkInvariants());
}

TEST_F(GraphFixture, DifferentGatesDoNotProtect) {
  add(1, 2, {8, 1});
  add(2, 1, {9, 2});
  EXPECT_EQ(cycle(), 2u);
}

TEST_F(GraphFixture, GateOnOnlyOneEdgeOfLongCycle) {
  add(1, 2, {7, 1});
  add(2, 3, {2});
  add(3, 1, {3});
  EXPECT_EQ(cycle(), 3u);
}

TEST_F(GraphFixture, GateSharedByTwoEdgesMakesCycleInfeasible) {
  // 1->2 and 2->3 are both taken only while holding 7: their threads cannot be at
  // those edges at once, so 1->2->3->1 cannot deadlock although 3->1 has no gate.
  add(1, 2, {7, 1});
  add(2, 3, {7, 2});
  add(3, 1, {3});
  EXPECT_EQ(cycle(), 0u);
}

TEST_F(GraphFixture, EdgeSourceHeldAsAnotherEdgesGateIsInfeasible) {
  // One thread held 1..4 nested (1->2 under nothing, 3->4 while holding 1 and 2);
  // another took 4 then 1. The cycle 1->...->4->1 through 3->4 needs 1 held by the
  // 3->4 thread and by the 1->2 thread at once. Only the direct 2-cycle is real.
  add(1, 2, {1});
  add(2, 3, {1, 2});
  add(3, 4, {1, 2, 3});
  add(4, 1, {4});
  // The search may find 4->1->4? There is no 1->4 edge: the only cycles go through
  // 1->2->3->4, whose 3->4 edge holds 1 and 2 as gates (infeasible with 1->2).
  EXPECT_EQ(cycle(), 0u);
  add(1, 4, {1, 2, 3});
  EXPECT_EQ(cycle(), 2u); // 1->4 (holding 2, 3) and 4->1: disjoint, reported
}

TEST_F(GraphFixture, ReaderGateSkipsAllSharedCycles) {
  // Read locks of reader-preferring rwlocks taken in opposite orders: no deadlock.
  add(1, 2, {1}, /*ReaderGate=*/true);
  add(2, 1, {2}, /*ReaderGate=*/true);
  EXPECT_EQ(cycle(), 0u);
  // One occurrence takes 1 for writing while holding 2: the reader gate of 2->1 is
  // gone and the cycle is reported.
  EXPECT_EQ(add(2, 1, {2}, /*ReaderGate=*/false), EdgeChange::GatesShrunk);
  EXPECT_EQ(cycle(), 2u);
}

TEST_F(GraphFixture, ReaderGateIsSettledOnlyForReaderOccurrences) {
  add(1, 2, {1}, /*ReaderGate=*/true);
  const uint32_t Held[] = {1};
  EXPECT_TRUE(G.isSettled(1, 2, Held, 1, /*ReaderGate=*/true));
  EXPECT_FALSE(G.isSettled(1, 2, Held, 1, /*ReaderGate=*/false));
  EXPECT_FALSE(G.isSettled(2, 1, Held, 1, true)); // no such edge
}

TEST_F(GraphFixture, GatedPathThenUngatedPath) {
  // Two paths from 2 back to 1: one gated by 7 (2->3->1), one not (2->4->1). The
  // search must not stop at the gated one.
  add(2, 3, {7, 2});
  add(3, 1, {7, 3});
  add(2, 4, {2});
  add(4, 1, {4});
  add(1, 2, {7, 1});
  EXPECT_EQ(cycle(), 3u);
  EXPECT_EQ(Path[1]->To, 4u);
}

TEST_F(GraphFixture, TrylockAddsNoEdgeInto) {
  // The runtime never calls addEdge for a lock got by trylock; a lock held by trylock
  // is still a source of edges.
  add(1, 2);          // 1 -> 2 blocking
  // thread holds 2, trylocks 1: no edge 2->1. Then blocks on 3 while holding both.
  add(2, 3, {2, 1});
  add(1, 3, {2, 1});
  EXPECT_EQ(cycle(), 0u);
  EXPECT_EQ(G.findEdge(2, 1), nullptr);
  EXPECT_NE(G.findEdge(2, 3), nullptr);
}

TEST_F(GraphFixture, DestroyedGenerationDoesNotJoin) {
  LockTable T{};
  uint32_t A = T.lookupOrCreate(0x10), B = T.lookupOrCreate(0x20);
  add(A, B);
  T.endGeneration(0x10);
  T.endGeneration(0x20);
  uint32_t A2 = T.lookupOrCreate(0x10), B2 = T.lookupOrCreate(0x20);
  add(B2, A2);
  EXPECT_EQ(cycle(), 0u);
}

TEST_F(GraphFixture, ManyHeldLocks) {
  // A thread holding 1,000 locks: each new lock gets an edge from every held lock.
  std::vector<uint32_t> Held;
  for (uint32_t N = 1; N <= 1000; ++N) {
    for (uint32_t H : Held) {
      ASSERT_EQ(add(H, N, Held), EdgeChange::New);
      ASSERT_EQ(cycle(), 0u);
    }
    Held.push_back(N);
  }
  EXPECT_EQ(G.edgeCount(), 1000u * 999u / 2u);
  EXPECT_TRUE(G.checkInvariants());
}

// The component order decides which edges are searched at all: a new edge is on a
// cycle exactly when its target reaches its source. Checked against a plain
// reachability search on random graphs, with the order invariant after every edge.
TEST_F(GraphFixture, ComponentOrderAgreesWithReachability) {
  constexpr uint32_t N = 40;
  for (uint32_t Seed = 1; Seed <= 20; ++Seed) {
    G.~LockGraph();
    new (&G) LockGraph{};
    DescendingAddresses = Seed % 2;
    std::vector<std::vector<uint32_t>> Out(N + 1);
    uint64_t X = Seed * 0x9e3779b97f4a7c15ull;
    auto Next = [&X] {
      X ^= X << 13;
      X ^= X >> 7;
      X ^= X << 17;
      return X;
    };
    for (int I = 0; I < 160; ++I) {
      uint32_t A = 1 + Next() % N, B = 1 + Next() % N;
      // Mostly one global order (the common case), with some edges against it.
      if (Next() % 4 && A > B)
        std::swap(A, B);
      if (A == B || G.findEdge(A, B))
        continue;
      ASSERT_EQ(add(A, B), EdgeChange::New);
      Out[A].push_back(B);
      std::vector<bool> Seen(N + 1);
      std::vector<uint32_t> Work{B};
      Seen[B] = true;
      while (!Work.empty()) {
        uint32_t C = Work.back();
        Work.pop_back();
        for (uint32_t D : Out[C])
          if (!Seen[D])
            Seen[D] = true, Work.push_back(D);
      }
      EXPECT_EQ(cycle() != 0, static_cast<bool>(Seen[A]))
          << "seed " << Seed << " edge " << A << "->" << B;
      ASSERT_TRUE(G.checkInvariants()) << "seed " << Seed << " edge " << I;
      EXPECT_EQ(G.componentOf(A) == G.componentOf(B), static_cast<bool>(Seen[A]));
    }
  }
}

TEST_F(GraphFixture, EdgesInOneGlobalOrderStayInSeparateComponents) {
  // Locks taken against their address order: every edge goes backward in the
  // initial order and must be reordered, never merged.
  DescendingAddresses = true;
  for (uint32_t N = 100; N > 1; --N) {
    ASSERT_EQ(add(N - 1, N), EdgeChange::New);
    EXPECT_EQ(cycle(), 0u);
    EXPECT_NE(G.componentOf(N - 1), G.componentOf(N));
  }
  EXPECT_TRUE(G.checkInvariants());
  ASSERT_EQ(add(100, 1), EdgeChange::New); // closes the 100-lock cycle
  EXPECT_EQ(cycle(), 100u);
  EXPECT_EQ(G.componentOf(1), G.componentOf(57));
  EXPECT_TRUE(G.checkInvariants());
}

// ---------------------------------------------------------------- happens-before

TEST(ThreadSegments, CreateAndJoinOrderSegments) {
  ThreadSegments S{};
  // main (thread 0) segment m0 creates worker 1 (w0); main goes on in m1, joins the
  // worker (last segment w0) into m2.
  uint32_t M0 = S.newSegment(0, 0, 0);
  uint32_t W0 = S.newSegment(1, 0, M0);
  uint32_t M1 = S.newSegment(0, M0, 0);
  uint32_t M2 = S.newSegment(0, M1, W0);
  EXPECT_TRUE(S.happensBefore(M0, W0));  // before the create
  EXPECT_FALSE(S.happensBefore(M1, W0)); // after it: concurrent
  EXPECT_FALSE(S.happensBefore(W0, M1));
  EXPECT_TRUE(S.happensBefore(W0, M2)); // the join
  EXPECT_TRUE(S.happensBefore(M0, M2)); // program order
  EXPECT_FALSE(S.happensBefore(M2, M0));
  EXPECT_FALSE(S.mayOverlap(W0, M2));
  EXPECT_FALSE(S.mayOverlap(M0, W0));
  EXPECT_TRUE(S.mayOverlap(W0, M1));
  // One thread's own edges may always overlap: its code may run twice at once.
  EXPECT_TRUE(S.mayOverlap(M0, M2));
  EXPECT_TRUE(S.mayOverlap(0, M0)); // unknown segment
}

TEST(ThreadSegments, LongChainsAndSiblings) {
  ThreadSegments S{};
  // main creates 200 workers one after the other: siblings are concurrent with each
  // other and with main's later segments, each ordered only after main's segment at
  // its create.
  uint32_t Main = S.newSegment(0, 0, 0);
  std::vector<uint32_t> Workers;
  for (uint32_t T = 1; T <= 200; ++T) {
    Workers.push_back(S.newSegment(T, 0, Main));
    Main = S.newSegment(0, Main, 0);
  }
  EXPECT_TRUE(S.mayOverlap(Workers[0], Workers[199]));
  EXPECT_TRUE(S.mayOverlap(Workers[3], Main));
  // Joining all of them orders them before main's next segment.
  for (uint32_t W : Workers)
    Main = S.newSegment(0, Main, W);
  for (uint32_t W : Workers)
    EXPECT_TRUE(S.happensBefore(W, Main));
}

TEST_F(GraphFixture, EdgesOrderedByJoinCloseNoCycle) {
  ThreadSegments S{};
  G.useHappensBefore(&S);
  uint32_t M0 = S.newSegment(0, 0, 0);
  uint32_t W0 = S.newSegment(1, 0, M0);
  uint32_t M1 = S.newSegment(0, M0, 0);
  uint32_t M2 = S.newSegment(0, M1, W0); // after joining the worker
  uint32_t V0 = S.newSegment(2, 0, M1);  // a second worker, created before the join
  Edge *E = nullptr;
  const uint32_t Held4[] = {4}, Held5[] = {5};
  for (uint32_t N : {4u, 5u})
    G.describeNode(N, 0x1000 * N, 0);
  ASSERT_EQ(G.addEdge(4, 5, Held4, 1, 1, 0, 0, &E, false, W0), EdgeChange::New);
  ASSERT_EQ(G.addEdge(5, 4, Held5, 1, 0, 0, 0, &E, false, M2), EdgeChange::New);
  EXPECT_EQ(G.findCycle(E, Path, 64), 0u); // the worker was joined first
  // The same order taken again by a thread that is still running: the cycle counts.
  Edge *Again = nullptr;
  ASSERT_EQ(G.addEdge(4, 5, Held4, 1, 2, 0, 0, &Again, false, V0),
            EdgeChange::NewSegment);
  EXPECT_EQ(G.findCycle(Again, Path, 64), 2u);
  EXPECT_TRUE(G.isSettled(4, 5, Held4, 1, false, V0));
  EXPECT_FALSE(G.isSettled(4, 5, Held4, 1, false, M1)); // a segment it has not seen
}

// ---------------------------------------------------------------- stack depot

TEST(StackDepot, InternsStacks) {
  StackDepot D{};
  uintptr_t A[] = {1, 2, 3}, B[] = {1, 2, 4};
  uint32_t IA = D.put(A, 3), IB = D.put(B, 3);
  EXPECT_NE(IA, 0u);
  EXPECT_NE(IA, IB);
  EXPECT_EQ(D.put(A, 3), IA);
  EXPECT_EQ(D.put(A, 0), 0u);
  uint32_t N = 0;
  const uintptr_t *F = D.get(IB, &N);
  ASSERT_EQ(N, 3u);
  EXPECT_EQ(F[2], 4u);
  for (uintptr_t I = 0; I < 20000; ++I) {
    uintptr_t S[] = {I, I + 1};
    ASSERT_NE(D.put(S, 2), 0u);
  }
  EXPECT_EQ(D.put(A, 3), IA);
}

// ---------------------------------------------------------------- options

void collect(const char *Msg, void *Ctx) {
  static_cast<std::vector<std::string> *>(Ctx)->push_back(Msg);
}
void append(const char *Text, void *Ctx) { *static_cast<std::string *>(Ctx) += Text; }

TEST(Options, Defaults) {
  Options O;
  EXPECT_EQ(O.exitcode, 66);
  EXPECT_EQ(O.stack_depth, 16);
  EXPECT_STREQ(O.log_path, "");
  EXPECT_EQ(O.verbosity, 0);
  EXPECT_FALSE(O.halt_on_error);
}

TEST(Options, ParsesSanitizerSyntax) {
  Options O;
  std::vector<std::string> Errors;
  EXPECT_EQ(parseOptions("exitcode=3:stack_depth=4:log_path=/tmp/x:verbosity=2:"
                         "halt_on_error=1",
                         O, collect, &Errors),
            0);
  EXPECT_EQ(O.exitcode, 3);
  EXPECT_EQ(O.stack_depth, 4);
  EXPECT_STREQ(O.log_path, "/tmp/x");
  EXPECT_EQ(O.verbosity, 2);
  EXPECT_TRUE(O.halt_on_error);
  EXPECT_TRUE(Errors.empty());
}

TEST(Options, ReportsBadInputAndKeepsGoodPairs) {
  Options O;
  std::vector<std::string> Errors;
  EXPECT_EQ(parseOptions("nosuch=1:exitcode=abc:verbosity=1:halt_on_error", O, collect,
                         &Errors),
            3);
  EXPECT_EQ(O.exitcode, 66);
  EXPECT_EQ(O.verbosity, 1);
  ASSERT_EQ(Errors.size(), 3u);
  EXPECT_NE(Errors[0].find("nosuch"), std::string::npos);
}

TEST(Options, RefusesValuesOutOfRangeAndTakesQuotes) {
  Options O;
  std::vector<std::string> Errors;
  EXPECT_EQ(parseOptions("stack_depth=1000:log_path='/tmp/a b'", O, collect, &Errors), 1);
  EXPECT_EQ(O.stack_depth, 16) << "refused, not clamped: the default stays";
  EXPECT_STREQ(O.log_path, "/tmp/a b");
  ASSERT_EQ(Errors.size(), 1u);
  EXPECT_NE(Errors[0].find("'stack_depth' = '1000' (1..64)"), std::string::npos) << Errors[0];
  Errors.clear();
  EXPECT_EQ(parseOptions("stack_depth=0:stack_depth=-5:exitcode=256:exitcode=-1:"
                         "deadlock_timeout=-1:busy_wait_rounds=1:starvation_ms=0",
                         O, collect, &Errors),
            7);
  EXPECT_EQ(O.stack_depth, 16);
  EXPECT_EQ(O.exitcode, 66);
  EXPECT_EQ(O.deadlock_timeout, 2);
  EXPECT_NE(Errors[2].find("'exitcode' = '256' (0..255)"), std::string::npos) << Errors[2];
  EXPECT_NE(Errors[5].find("(2 or more)"), std::string::npos) << Errors[5];
  EXPECT_EQ(parseOptions("exitcode=0:exitcode=255:stack_depth=64", O, collect, &Errors), 0);
  EXPECT_EQ(O.exitcode, 255);
  EXPECT_EQ(parseOptions(nullptr, O, nullptr, nullptr), 0);
}

TEST(Options, HelpListsEveryOptionWithDefault) {
  std::string Text;
  printOptionHelp(append, &Text);
  for (const char *S : {"exitcode=66", "stack_depth=16", "log_path=", "verbosity=0",
                        "halt_on_error=0", "help=0"})
    EXPECT_NE(Text.find(S), std::string::npos) << S;
}

} // namespace
