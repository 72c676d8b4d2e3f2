// Cycles in a lock-order graph, shared by the static link step and the runtime report.
//
// Strongly connected components first (Boost.Graph, Tarjan), then elementary circuits
// inside each non-trivial component (Boost.Graph hawick_circuits), capped per component
// so that a dense component cannot stall a run. A cycle is dropped when two of its
// edges need one lock held at once (each edge's From and gates): a deadlock needs a
// thread per edge, and two threads cannot hold one lock. A gate lock held on every
// edge, which serializes the threads, is the common case of this.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace lockgraph {

struct GraphEdge {
  uint32_t From = 0;
  uint32_t To = 0;
  // Locks held, besides From, whenever this edge was taken (intersection over all the
  // times it was seen), sorted.
  std::vector<uint32_t> Gates;
};

struct CycleSearchOptions {
  size_t MaxCyclesPerComponent = 256;
  // Keep a cycle only when no shorter kept cycle uses a subset of its locks: one
  // inversion between A and B also closes every longer cycle through A, B and locks
  // taken in between, and those add nothing a user can act on.
  bool MinimalOnly = true;
};

struct CycleSearchResult {
  // Each cycle as indexes into the edge vector, in order: Edges[C[0]].To ==
  // Edges[C[1]].From ..., and the last edge returns to Edges[C[0]].From.
  std::vector<std::vector<size_t>> Cycles;
  size_t GatedCycles = 0;     // found but dropped: two edges need one lock at once
  size_t SubsumedCycles = 0;  // dropped by MinimalOnly
  bool Truncated = false;     // some component had more cycles than the cap
};

// Self-loops (From == To) are ignored: they are double locks, not orders. Parallel
// edges between the same pair must have been merged by the caller.
CycleSearchResult findLockCycles(size_t NumLocks, const std::vector<GraphEdge> &Edges,
                                 const CycleSearchOptions &Opts = {});

} // namespace lockgraph
