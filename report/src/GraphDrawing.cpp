#include "GraphDrawing.h"

#include "WriterSupport.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <map>
#include <tuple>
#include <utility>

namespace lockgraph {

GraphDrawing selectForDrawing(const std::vector<LockEdge> &Graph, const DrawLimits &Limits) {
  GraphDrawing D;
  // One edge per ordered pair; a pair is on a cycle when any of its edges is.
  std::map<std::string, unsigned> Id;
  auto node = [&](const std::string &Key) { return Id.try_emplace(Key, Id.size()).first->second; };
  std::map<std::pair<unsigned, unsigned>, size_t> PairIndex;
  std::vector<LockEdge> Pairs;
  std::vector<std::pair<unsigned, unsigned>> Ends;
  for (const LockEdge &E : Graph) {
    std::pair<unsigned, unsigned> P{node(detail::fromKey(E)), node(detail::toKey(E))};
    auto [It, New] = PairIndex.try_emplace(P, Pairs.size());
    if (New) {
      Pairs.push_back(E);
      Ends.push_back(P);
    } else {
      Pairs[It->second].InCycle |= E.InCycle;
    }
  }
  D.Locks = Id.size();
  D.Orders = Pairs.size();

  using G = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  G Directed(Id.size());
  for (auto [From, To] : Ends)
    if (From != To)
      boost::add_edge(From, To, Directed);
  std::vector<size_t> Part(Id.size());
  size_t NumParts = Id.empty() ? 0 : boost::strong_components(Directed, Part.data());
  std::vector<size_t> PartSize(NumParts), PartOrders(NumParts);
  std::vector<bool> PartReported(NumParts);
  for (size_t P : Part)
    ++PartSize[P];
  for (size_t I = 0; I < Pairs.size(); ++I)
    if (auto [From, To] = Ends[I]; From != To && Part[From] == Part[To]) {
      ++PartOrders[Part[From]];
      PartReported[Part[From]] = PartReported[Part[From]] || Pairs[I].InCycle;
    }
  std::vector<size_t> Cyclic;
  for (size_t P = 0; P < NumParts; ++P)
    if (PartSize[P] > 1)
      Cyclic.push_back(P);
  D.CyclicParts = Cyclic.size();

  if (D.Locks <= Limits.MaxLocks && D.Orders <= Limits.MaxOrders) {
    D.Edges = std::move(Pairs);
    D.DrawnLocks = D.Locks;
    D.DrawnParts = D.CyclicParts;
    return D;
  }
  if (Cyclic.empty()) {
    D.What = GraphDrawing::Scope::Nothing;
    return D;
  }
  D.What = GraphDrawing::Scope::CyclicParts;
  // Parts with a reported cycle first, then the small before the large so that more
  // of them fit; the part number keeps the order stable.
  std::sort(Cyclic.begin(), Cyclic.end(), [&](size_t A, size_t B) {
    return std::make_tuple(!PartReported[A], PartSize[A], A) <
           std::make_tuple(!PartReported[B], PartSize[B], B);
  });
  std::vector<char> Drawn(NumParts), CutToCycles(NumParts);
  size_t Locks = 0, Orders = 0;
  for (size_t P : Cyclic)
    if (Locks + PartSize[P] <= Limits.MaxLocks && Orders + PartOrders[P] <= Limits.MaxOrders) {
      Drawn[P] = true;
      Locks += PartSize[P];
      Orders += PartOrders[P];
      ++D.DrawnParts;
    }
  // A reported cycle inside a part too big to draw is still drawn, on its own.
  std::vector<char> LockDrawn(Id.size());
  for (size_t I = 0; I < Pairs.size(); ++I) {
    auto [From, To] = Ends[I];
    if (From == To || Part[From] != Part[To])
      continue;
    size_t P = Part[From];
    bool Take = Drawn[P];
    if (!Take && PartReported[P] && Pairs[I].InCycle && Orders < Limits.MaxOrders) {
      Take = true;
      ++Orders;
      if (!CutToCycles[P]) {
        CutToCycles[P] = true;
        ++D.PartsCutToCycles;
        ++D.DrawnParts;
      }
    }
    if (!Take)
      continue;
    D.Edges.push_back(Pairs[I]);
    LockDrawn[From] = LockDrawn[To] = true;
  }
  D.DrawnLocks = std::count(LockDrawn.begin(), LockDrawn.end(), true);
  return D;
}

} // namespace lockgraph
