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

// A deadlock along a cycle needs one thread per edge, each holding that edge's From and
// its gates while it waits. Two edges that need one lock held at once cannot be in the
// deadlock together: the common gate of all edges is the simplest case of this.
bool infeasible(const std::vector<GraphEdge> &Edges, const std::vector<size_t> &Cycle) {
  std::vector<std::vector<uint32_t>> Held;
  for (size_t I : Cycle) {
    std::vector<uint32_t> H = Edges[I].Gates;
    H.insert(std::upper_bound(H.begin(), H.end(), Edges[I].From), Edges[I].From);
    H.erase(std::unique(H.begin(), H.end()), H.end());
    Held.push_back(std::move(H));
  }
  for (size_t I = 0; I < Held.size(); ++I)
    for (size_t J = I + 1; J < Held.size(); ++J) {
      std::vector<uint32_t> Both;
      std::set_intersection(Held[I].begin(), Held[I].end(), Held[J].begin(), Held[J].end(),
                            std::back_inserter(Both));
      if (!Both.empty())
        return true;
    }
  return false;
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
      if (infeasible(Edges, Cycle)) {
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
