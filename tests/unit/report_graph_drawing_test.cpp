// Which part of a lock graph the HTML page draws (report/src/GraphDrawing.h): all of a
// small graph; of a large one, its strongly connected parts with reported cycles first,
// only the cycle edges of a part too big to draw, and nothing of a large acyclic graph.
#include "GraphDrawing.h"

#include <gtest/gtest.h>

#include <set>
#include <string>

using namespace lockgraph;

namespace {

LockEdge edge(int From, int To, bool InCycle = false) {
  LockEdge E;
  E.From = "m" + std::to_string(From);
  E.To = "m" + std::to_string(To);
  E.InCycle = InCycle;
  return E;
}

// A chain 0 -> 1 -> ... -> N-1: N locks, no cycle.
std::vector<LockEdge> chain(int N) {
  std::vector<LockEdge> G;
  for (int I = 0; I + 1 < N; ++I)
    G.push_back(edge(I, I + 1));
  return G;
}

std::set<std::string> drawnLocks(const GraphDrawing &D) {
  std::set<std::string> Out;
  for (const auto &Drawing : D.Drawings)
    for (const LockEdge &E : Drawing) {
      Out.insert(E.From);
      Out.insert(E.To);
    }
  return Out;
}

size_t drawnOrders(const GraphDrawing &D) {
  size_t N = 0;
  for (const auto &Drawing : D.Drawings)
    N += Drawing.size();
  return N;
}

TEST(GraphDrawing, SmallGraphIsDrawnWholeWithOneEdgePerPair) {
  std::vector<LockEdge> G = {edge(0, 1), edge(1, 0, true), edge(0, 1, true), edge(1, 2)};
  GraphDrawing D = selectForDrawing(G);
  EXPECT_EQ(D.What, GraphDrawing::Scope::Whole);
  EXPECT_EQ(D.Locks, 3u);
  EXPECT_EQ(D.Orders, 3u);
  ASSERT_EQ(D.Drawings.size(), 1u);
  ASSERT_EQ(D.Drawings[0].size(), 3u);
  EXPECT_TRUE(D.Drawings[0][0].InCycle) << "a pair is on a cycle when any of its edges is";
  EXPECT_EQ(D.DrawnLocks, 3u);
  EXPECT_EQ(D.CyclicParts, 1u);
}

TEST(GraphDrawing, AcyclicGraphOfDozensOfLocksIsNotDrawn) {
  // Drawn whole it would be a strip of unconnected pieces too wide to read.
  GraphDrawing D = selectForDrawing(chain(20));
  EXPECT_EQ(D.What, GraphDrawing::Scope::Nothing);
  D = selectForDrawing(chain(200));
  EXPECT_EQ(D.What, GraphDrawing::Scope::Nothing);
  EXPECT_TRUE(D.Drawings.empty());
  EXPECT_EQ(D.Locks, 200u);
  EXPECT_EQ(D.CyclicParts, 0u);
}

TEST(GraphDrawing, LargeGraphKeepsItsCyclicPartsOnly) {
  std::vector<LockEdge> G = chain(200);
  G.push_back(edge(11, 10, true)); // reported: {10, 11}
  G.push_back(edge(52, 50));       // not reported: {50, 51, 52}
  GraphDrawing D = selectForDrawing(G);
  EXPECT_EQ(D.What, GraphDrawing::Scope::CyclicParts);
  EXPECT_EQ(D.CyclicParts, 2u);
  EXPECT_EQ(D.DrawnParts, 2u);
  EXPECT_EQ(drawnLocks(D), (std::set<std::string>{"m10", "m11", "m50", "m51", "m52"}));
  EXPECT_EQ(D.DrawnLocks, 5u);
  EXPECT_EQ(drawnOrders(D), 5u) << "the parts' inner edges only, not the chain into them";
  ASSERT_EQ(D.Drawings.size(), 2u) << "one drawing per part";
  EXPECT_EQ(D.Drawings[0].size(), 2u) << "the reported part first";
  EXPECT_EQ(D.PartsCutToCycles, 0u);
}

TEST(GraphDrawing, ReportedPartsComeFirstWhenNotAllFit) {
  std::vector<LockEdge> G = chain(200);
  G.push_back(edge(40, 10));       // not reported, 31 locks
  G.push_back(edge(120, 100));     // not reported, 21 locks
  G.push_back(edge(161, 160, true)); // reported, 2 locks
  DrawLimits L;
  L.PartLocks = 25;
  GraphDrawing D = selectForDrawing(G, L);
  std::set<std::string> Locks = drawnLocks(D);
  EXPECT_TRUE(Locks.count("m160") && Locks.count("m161"));
  EXPECT_TRUE(Locks.count("m100")) << "the 21-lock part still fits after the reported one";
  EXPECT_FALSE(Locks.count("m10")) << "the 31-lock part does not";
  EXPECT_EQ(D.DrawnParts, 2u);
  EXPECT_EQ(D.CyclicParts, 3u);
}

TEST(GraphDrawing, PartTooLargeKeepsItsReportedCycle) {
  std::vector<LockEdge> G = chain(200);
  G.push_back(edge(150, 0));       // one part of 151 locks
  G.push_back(edge(6, 5, true));   // a reported inversion inside it
  G[5].InCycle = true;             // 5 -> 6
  GraphDrawing D = selectForDrawing(G);
  EXPECT_EQ(D.What, GraphDrawing::Scope::CyclicParts);
  EXPECT_EQ(D.PartsCutToCycles, 1u);
  EXPECT_EQ(drawnLocks(D), (std::set<std::string>{"m5", "m6"}));
  EXPECT_EQ(drawnOrders(D), 2u);
}

TEST(GraphDrawing, OrdersOnSomePathsOnlyMakeNoPart) {
  std::vector<LockEdge> G = chain(200);
  LockEdge Back = edge(150, 0);
  Back.MayOnly = true; // would merge 151 locks into one part
  G.push_back(Back);
  G.push_back(edge(11, 10, true));
  GraphDrawing D = selectForDrawing(G);
  EXPECT_EQ(D.CyclicParts, 1u);
  EXPECT_EQ(drawnLocks(D), (std::set<std::string>{"m10", "m11"}));
}

TEST(GraphDrawing, OrdersOnSomePathsOnlyAreDrawnInsideAPart) {
  std::vector<LockEdge> G = chain(200);
  G.push_back(edge(12, 10, true)); // part {10, 11, 12}
  LockEdge May = edge(12, 11);
  May.MayOnly = true;
  G.push_back(May);
  GraphDrawing D = selectForDrawing(G);
  EXPECT_EQ(drawnOrders(D), 4u) << "10->11, 11->12, 12->10 and the dashed 12->11";
}

TEST(GraphDrawing, LocksThatPrintAlikeStayApart) {
  // Two functions' local `m`: same name, different keys.
  LockEdge A = edge(0, 1), B = edge(1, 0);
  A.From = B.To = "m";
  A.FromKey = "f::m";
  B.ToKey = "g::m";
  GraphDrawing D = selectForDrawing({A, B});
  EXPECT_EQ(D.Locks, 3u);
  EXPECT_EQ(D.CyclicParts, 0u);
}

} // namespace
