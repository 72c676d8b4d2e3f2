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
  // Parts are made of orders taken on every path: a lock held on some paths only does
  // not close a reported cycle (without --include-may), and on real code such orders
  // would merge most locks into one part. Inside a part they are drawn, dashed.
  for (size_t I = 0; I < Pairs.size(); ++I)
    if (auto [From, To] = Ends[I]; From != To && !Pairs[I].MayOnly)
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

  if (D.Locks <= Limits.WholeLocks && D.Orders <= Limits.WholeOrders) {
    D.DrawnLocks = D.Locks;
    D.DrawnParts = D.CyclicParts;
    D.Drawings.push_back(std::move(Pairs));
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
  // Each part drawn whole while the total stays within the limits; a part too big,
  // when it has a reported cycle, keeps only the cycle's edges.
  std::vector<int> DrawingOf(NumParts, -1);
  std::vector<char> CutToCycles(NumParts);
  size_t Locks = 0, Orders = 0;
  for (size_t P : Cyclic) {
    if (Locks + PartSize[P] <= Limits.PartLocks && Orders + PartOrders[P] <= Limits.PartOrders) {
      Locks += PartSize[P];
      Orders += PartOrders[P];
    } else if (PartReported[P]) {
      CutToCycles[P] = true;
      ++D.PartsCutToCycles;
    } else {
      continue;
    }
    DrawingOf[P] = D.Drawings.size();
    D.Drawings.emplace_back();
  }
  std::vector<char> LockDrawn(Id.size());
  for (size_t I = 0; I < Pairs.size(); ++I) {
    auto [From, To] = Ends[I];
    if (From == To || Part[From] != Part[To] || DrawingOf[Part[From]] < 0)
      continue;
    size_t P = Part[From];
    if (CutToCycles[P]) {
      if (!Pairs[I].InCycle || Orders >= Limits.PartOrders)
        continue;
      ++Orders;
    }
    D.Drawings[DrawingOf[P]].push_back(Pairs[I]);
    LockDrawn[From] = LockDrawn[To] = true;
  }
  // A cut part whose cycle edges no longer fit in the limit draws nothing.
  D.Drawings.erase(std::remove_if(D.Drawings.begin(), D.Drawings.end(),
                                  [](const std::vector<LockEdge> &E) { return E.empty(); }),
                   D.Drawings.end());
  D.DrawnParts = D.Drawings.size();
  D.DrawnLocks = std::count(LockDrawn.begin(), LockDrawn.end(), true);
  return D;
}

} // namespace lockgraph
