// Cycle search in a lock-order graph (report/include/lockgraph/CycleSearch.h): which
// cycles are found, gate locks, self-loops and the per-component cap.
#include "lockgraph/CycleSearch.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>

using namespace lockgraph;

namespace {

GraphEdge edge(uint32_t From, uint32_t To, std::vector<uint32_t> Gates = {}) {
  GraphEdge E;
  E.From = From;
  E.To = To;
  E.Gates = std::move(Gates);
  return E;
}

// Checks the documented shape: consecutive edges chain, the last returns to the first.
void expectClosed(const std::vector<GraphEdge> &Edges, const std::vector<size_t> &Cycle) {
  ASSERT_GE(Cycle.size(), 2u);
  for (size_t I = 0; I < Cycle.size(); ++I) {
    ASSERT_LT(Cycle[I], Edges.size());
    const GraphEdge &Cur = Edges[Cycle[I]];
    const GraphEdge &Next = Edges[Cycle[(I + 1) % Cycle.size()]];
    EXPECT_EQ(Cur.To, Next.From) << "edge " << I << " of the cycle";
    EXPECT_NE(Cur.From, Cur.To);
  }
}

// The cycle as the set of its edge indexes, for order-independent comparison.
std::set<size_t> asSet(const std::vector<size_t> &Cycle) {
  return std::set<size_t>(Cycle.begin(), Cycle.end());
}

TEST(CycleSearchTest, EmptyGraph) {
  CycleSearchResult R = findLockCycles(0, {});
  EXPECT_TRUE(R.Cycles.empty());
  EXPECT_EQ(R.GatedCycles, 0u);
  EXPECT_FALSE(R.Truncated);
  R = findLockCycles(5, {});
  EXPECT_TRUE(R.Cycles.empty());
}

TEST(CycleSearchTest, NoCycleInADag) {
  std::vector<GraphEdge> Edges = {edge(0, 1), edge(1, 2), edge(0, 2), edge(2, 3),
                                  edge(1, 3), edge(4, 0)};
  CycleSearchResult R = findLockCycles(5, Edges);
  EXPECT_TRUE(R.Cycles.empty());
  EXPECT_EQ(R.GatedCycles, 0u);
  EXPECT_FALSE(R.Truncated);
}

TEST(CycleSearchTest, TwoCycle) {
  std::vector<GraphEdge> Edges = {edge(0, 1), edge(2, 0), edge(1, 0)};
  CycleSearchResult R = findLockCycles(3, Edges);
  ASSERT_EQ(R.Cycles.size(), 1u);
  expectClosed(Edges, R.Cycles[0]);
  EXPECT_EQ(asSet(R.Cycles[0]), (std::set<size_t>{0, 2}));
  EXPECT_EQ(R.GatedCycles, 0u);
  EXPECT_FALSE(R.Truncated);
}

TEST(CycleSearchTest, ThreeCycle) {
  std::vector<GraphEdge> Edges = {edge(5, 7), edge(7, 9), edge(9, 5), edge(9, 1)};
  CycleSearchResult R = findLockCycles(10, Edges);
  ASSERT_EQ(R.Cycles.size(), 1u);
  expectClosed(Edges, R.Cycles[0]);
  EXPECT_EQ(asSet(R.Cycles[0]), (std::set<size_t>{0, 1, 2}));
}

TEST(CycleSearchTest, TwoDisjointCycles) {
  std::vector<GraphEdge> Edges = {edge(0, 1), edge(1, 0),             // A
                                  edge(2, 3), edge(3, 4), edge(4, 2), // B
                                  edge(1, 2)};                        // A -> B, no cycle
  CycleSearchResult R = findLockCycles(5, Edges);
  ASSERT_EQ(R.Cycles.size(), 2u);
  std::set<std::set<size_t>> Found;
  for (const auto &C : R.Cycles) {
    expectClosed(Edges, C);
    Found.insert(asSet(C));
  }
  EXPECT_EQ(Found, (std::set<std::set<size_t>>{{0, 1}, {2, 3, 4}}));
}

TEST(CycleSearchTest, TwoCyclesSharingALock) {
  // 0 <-> 1 and 1 <-> 2: one component, two inversions through lock 1.
  std::vector<GraphEdge> Edges = {edge(0, 1), edge(1, 0), edge(1, 2), edge(2, 1)};
  CycleSearchResult R = findLockCycles(3, Edges);
  ASSERT_EQ(R.Cycles.size(), 2u);
  std::set<std::set<size_t>> Found;
  for (const auto &C : R.Cycles) {
    expectClosed(Edges, C);
    Found.insert(asSet(C));
  }
  EXPECT_EQ(Found, (std::set<std::set<size_t>>{{0, 1}, {2, 3}}));
}

TEST(CycleSearchTest, SelfLoopIgnored) {
  std::vector<GraphEdge> Edges = {edge(0, 0), edge(1, 1), edge(0, 1)};
  CycleSearchResult R = findLockCycles(2, Edges);
  EXPECT_TRUE(R.Cycles.empty());
  EXPECT_EQ(R.GatedCycles, 0u);

  // A self-loop on a lock of a real cycle adds no cycle of its own.
  Edges = {edge(0, 1), edge(1, 1), edge(1, 0)};
  R = findLockCycles(2, Edges);
  ASSERT_EQ(R.Cycles.size(), 1u);
  EXPECT_EQ(asSet(R.Cycles[0]), (std::set<size_t>{0, 2}));
}

TEST(CycleSearchTest, GateCommonToEveryEdgeDropsTheCycle) {
  // Lock 2 is held around both orders: threads serialize on it.
  std::vector<GraphEdge> Edges = {edge(0, 1, {2, 3}), edge(1, 0, {2}), edge(2, 0),
                                  edge(2, 1)};
  CycleSearchResult R = findLockCycles(4, Edges);
  EXPECT_TRUE(R.Cycles.empty());
  EXPECT_EQ(R.GatedCycles, 1u);
}

TEST(CycleSearchTest, GateOnOneEdgeOnlyKeepsTheCycle) {
  std::vector<GraphEdge> Edges = {edge(0, 1, {3}), edge(1, 2), edge(2, 0, {4})};
  CycleSearchResult R = findLockCycles(5, Edges);
  ASSERT_EQ(R.Cycles.size(), 1u);
  expectClosed(Edges, R.Cycles[0]);
  EXPECT_EQ(R.GatedCycles, 0u);
}

TEST(CycleSearchTest, TwoEdgesNeedingOneLockCannotBothWait) {
  // A deadlock along 0 -> 1 -> 2 -> 0 needs one thread per edge; the threads of the
  // first two edges would both hold lock 3. The third edge holds no gate at all.
  std::vector<GraphEdge> Edges = {edge(0, 1, {3}), edge(1, 2, {3}), edge(2, 0)};
  CycleSearchResult R = findLockCycles(4, Edges);
  EXPECT_TRUE(R.Cycles.empty());
  EXPECT_EQ(R.GatedCycles, 1u);
}

TEST(CycleSearchTest, HeldLockOfTheCycleCountsToo) {
  // The thread of 2 -> 0 also holds 1, which the thread of 1 -> 2 holds: infeasible.
  // The inversion it hides, 0 <-> 1, is reported on its own.
  std::vector<GraphEdge> Edges = {edge(0, 1), edge(1, 2), edge(2, 0, {1}), edge(1, 0, {2})};
  CycleSearchResult R = findLockCycles(3, Edges);
  ASSERT_EQ(R.Cycles.size(), 1u);
  EXPECT_EQ(asSet(R.Cycles[0]), (std::set<size_t>{0, 3}));

  // A real gate held on every edge drops the cycle as before.
  Edges = {edge(0, 1, {5}), edge(1, 2, {5}), edge(2, 0, {5})};
  R = findLockCycles(6, Edges);
  EXPECT_TRUE(R.Cycles.empty());
  EXPECT_EQ(R.GatedCycles, 1u);
}

TEST(CycleSearchTest, GatedAndUngatedCyclesTogether) {
  std::vector<GraphEdge> Edges = {edge(0, 1, {9}), edge(1, 0, {9}), // gated
                                  edge(2, 3), edge(3, 2)};          // not
  CycleSearchResult R = findLockCycles(10, Edges);
  ASSERT_EQ(R.Cycles.size(), 1u);
  EXPECT_EQ(asSet(R.Cycles[0]), (std::set<size_t>{2, 3}));
  EXPECT_EQ(R.GatedCycles, 1u);
}

// The cap bounds the circuits enumerated per component; what is reported is at most
// that many (fewer when some are gated or left out as longer variants of others).
TEST(CycleSearchTest, CapTruncatesADenseComponent) {
  // A complete directed graph on 8 locks has thousands of elementary circuits.
  const uint32_t N = 8;
  std::vector<GraphEdge> Edges;
  for (uint32_t I = 0; I < N; ++I)
    for (uint32_t J = 0; J < N; ++J)
      if (I != J)
        Edges.push_back(edge(I, J));
  CycleSearchOptions Opts;
  Opts.MaxCyclesPerComponent = 50;
  CycleSearchResult R = findLockCycles(N, Edges, Opts);
  EXPECT_TRUE(R.Truncated);
  EXPECT_FALSE(R.Cycles.empty());
  EXPECT_LE(R.Cycles.size() + R.GatedCycles, 50u);
  for (const auto &C : R.Cycles)
    expectClosed(Edges, C);

  // The default cap also stops it.
  R = findLockCycles(N, Edges);
  EXPECT_TRUE(R.Truncated);
  EXPECT_FALSE(R.Cycles.empty());
  EXPECT_LE(R.Cycles.size(), CycleSearchOptions().MaxCyclesPerComponent);
}

TEST(CycleSearchTest, CapNotReachedIsNotTruncated) {
  // A complete graph on 3 locks: three 2-cycles and two 3-cycles, 5 circuits.
  std::vector<GraphEdge> Edges;
  for (uint32_t I = 0; I < 3; ++I)
    for (uint32_t J = 0; J < 3; ++J)
      if (I != J)
        Edges.push_back(edge(I, J));
  CycleSearchOptions Opts;
  Opts.MaxCyclesPerComponent = 5; // exactly enough
  CycleSearchResult R = findLockCycles(3, Edges, Opts);
  EXPECT_FALSE(R.Truncated);
  EXPECT_GE(R.Cycles.size(), 3u) << "every 2-cycle is an inversion of its own";
  EXPECT_LE(R.Cycles.size(), 5u);
  std::set<std::set<size_t>> Distinct;
  for (const auto &C : R.Cycles) {
    expectClosed(Edges, C);
    Distinct.insert(asSet(C));
  }
  EXPECT_EQ(Distinct.size(), R.Cycles.size()) << "each circuit once";

  Opts.MaxCyclesPerComponent = 4;
  R = findLockCycles(3, Edges, Opts);
  EXPECT_TRUE(R.Truncated);
  EXPECT_LE(R.Cycles.size(), 4u);
}

TEST(CycleSearchTest, CapIsPerComponent) {
  // Two disjoint complete graphs on 3 locks each: 5 circuits in each component.
  std::vector<GraphEdge> Edges;
  for (uint32_t Base : {0u, 3u})
    for (uint32_t I = 0; I < 3; ++I)
      for (uint32_t J = 0; J < 3; ++J)
        if (I != J)
          Edges.push_back(edge(Base + I, Base + J));
  CycleSearchOptions Opts;
  Opts.MaxCyclesPerComponent = 5;
  CycleSearchResult R = findLockCycles(6, Edges, Opts);
  EXPECT_FALSE(R.Truncated);
  EXPECT_GE(R.Cycles.size(), 6u);
  size_t InFirst = std::count_if(R.Cycles.begin(), R.Cycles.end(), [&](const auto &C) {
    return Edges[C[0]].From < 3;
  });
  EXPECT_EQ(InFirst * 2, R.Cycles.size()) << "both components reported alike";
}

} // namespace
