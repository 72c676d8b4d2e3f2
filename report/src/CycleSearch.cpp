#include "lockgraph/CycleSearch.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/hawick_circuits.hpp>
#include <boost/graph/strong_components.hpp>

#include <algorithm>
#include <map>

namespace lockgraph {
namespace {

using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;

struct CapReached {};

struct CollectCircuits {
  std::vector<std::vector<size_t>> *Out;
  size_t Cap;
  template <typename Path, typename G> void cycle(const Path &P, const G &) {
    if (Out->size() >= Cap)
      throw CapReached(); // hawick_circuits has no other way to stop early
    Out->emplace_back(P.begin(), P.end());
  }
};

template <typename C, typename T> void eraseValue(C &Container, const T &Value) {
  Container.erase(std::remove(Container.begin(), Container.end(), Value), Container.end());
}

bool gated(const std::vector<GraphEdge> &Edges, const std::vector<size_t> &Cycle) {
  std::vector<uint32_t> Common = Edges[Cycle[0]].Gates;
  for (size_t I = 1; I < Cycle.size() && !Common.empty(); ++I) {
    const std::vector<uint32_t> &G = Edges[Cycle[I]].Gates;
    std::vector<uint32_t> Next;
    std::set_intersection(Common.begin(), Common.end(), G.begin(), G.end(),
                          std::back_inserter(Next));
    Common.swap(Next);
  }
  // A gate must be outside the cycle: a lock of the cycle held on every edge is part
  // of the circular wait, not a serializer around it.
  for (size_t I : Cycle)
    eraseValue(Common, Edges[I].From);
  return !Common.empty();
}

} // namespace

CycleSearchResult findLockCycles(size_t NumLocks, const std::vector<GraphEdge> &Edges,
                                 const CycleSearchOptions &Opts) {
  CycleSearchResult R;
  Graph G(NumLocks);
  for (const GraphEdge &E : Edges)
    if (E.From != E.To)
      boost::add_edge(E.From, E.To, G);
  std::vector<size_t> Component(NumLocks);
  size_t NumComponents = boost::strong_components(G, Component.data());

  std::vector<std::vector<uint32_t>> Members(NumComponents);
  for (size_t V = 0; V < NumLocks; ++V)
    Members[Component[V]].push_back(V);

  std::map<std::pair<uint32_t, uint32_t>, size_t> EdgeIndex;
  for (size_t I = 0; I < Edges.size(); ++I)
    EdgeIndex.emplace(std::make_pair(Edges[I].From, Edges[I].To), I);

  for (size_t C = 0; C < NumComponents; ++C) {
    const std::vector<uint32_t> &Vs = Members[C];
    if (Vs.size() < 2)
      continue;
    // The component as a graph of its own, so circuits never leave it.
    std::map<uint32_t, size_t> Local;
    for (size_t I = 0; I < Vs.size(); ++I)
      Local[Vs[I]] = I;
    Graph Sub(Vs.size());
    for (const GraphEdge &E : Edges)
      if (E.From != E.To && Component[E.From] == C && Component[E.To] == C)
        boost::add_edge(Local[E.From], Local[E.To], Sub);
    std::vector<std::vector<size_t>> Circuits;
    try {
      boost::hawick_unique_circuits(Sub, CollectCircuits{&Circuits,
                                                         Opts.MaxCyclesPerComponent});
    } catch (const CapReached &) {
      R.Truncated = true;
    }
    // Shortest first, so MinimalOnly keeps the inversions and drops their extensions.
    std::stable_sort(Circuits.begin(), Circuits.end(),
                     [](const auto &A, const auto &B) { return A.size() < B.size(); });
    std::vector<std::vector<uint32_t>> KeptLockSets;
    for (const std::vector<size_t> &Circuit : Circuits) {
      std::vector<size_t> Cycle;
      for (size_t I = 0; I < Circuit.size(); ++I) {
        uint32_t From = Vs[Circuit[I]], To = Vs[Circuit[(I + 1) % Circuit.size()]];
        Cycle.push_back(EdgeIndex.at({From, To}));
      }
      if (gated(Edges, Cycle)) {
        ++R.GatedCycles;
        continue;
      }
      std::vector<uint32_t> Locks;
      for (size_t V : Circuit)
        Locks.push_back(Vs[V]);
      std::sort(Locks.begin(), Locks.end());
      if (Opts.MinimalOnly &&
          std::any_of(KeptLockSets.begin(), KeptLockSets.end(), [&](const auto &Kept) {
            return std::includes(Locks.begin(), Locks.end(), Kept.begin(), Kept.end());
          })) {
        ++R.SubsumedCycles;
        continue;
      }
      KeptLockSets.push_back(std::move(Locks));
      R.Cycles.push_back(std::move(Cycle));
    }
  }
  return R;
}

} // namespace lockgraph
