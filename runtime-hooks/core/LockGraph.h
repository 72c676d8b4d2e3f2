// The live lock-order graph. Nodes are lock generations (ids from LockTable); an edge
// From->To means some thread blocked for To while holding From.
//
// Gate locks: every edge keeps the set of other locks held each time it was taken
// (the intersection over all occurrences, at most kMaxGates ids, the outermost ones:
// gates are taken first). A cycle is a potential deadlock only if no single lock is
// in the gate set of every edge of the cycle.
//
// Cycle search (findCycle) is a DFS from New->To back to New->From over states
// (node, remaining common gates as a bitmask over New's gates): at most
// 2^kMaxGates states per node, so O(2^kMaxGates * E) worst case, and O(E) when the
// new edge has no gates. It finds an ungated cycle if one exists. Iterative, no
// recursion, visited marks are epoch-stamped so nothing is cleared between searches.
//
// Contract: no locking inside, no malloc (pageAlloc/Arena), no pthread. Edges are
// never removed; node records grow with the highest id seen. Edge fields other than
// Gates/NumGates are immutable after creation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Arena.h"

namespace lockgraph {
namespace rt {

constexpr unsigned kMaxGates = 8;

struct Edge {
  uint32_t From, To;
  uint32_t Thread;             // thread that first took it
  uint32_t StackFrom, StackTo; // depot ids: where From was taken, where To was taken
  uint32_t NumGates;
  uint32_t Gates[kMaxGates];
  Edge *NextOut;  // adjacency list of From
  Edge *NextHash; // hash chain
};

struct NodeRec {
  uintptr_t Addr;
  uint32_t Generation;
  uint32_t VisitEpoch;
  Edge *Out;
  uint64_t Visited[(1u << kMaxGates) / 64]; // one bit per gate mask
};

enum class EdgeChange { None, New, GatesShrunk, OutOfMemory };

class LockGraph {
public:
  // Records the node's identity for reports (idempotent).
  bool describeNode(uint32_t Node, uintptr_t Addr, uint32_t Generation);
  const NodeRec *node(uint32_t Node) const {
    return Node < NodeCap ? &Nodes[Node] : nullptr;
  }

  // Adds or updates From->To taken while the locks Held[0..NumHeld) were held (the
  // list may contain From and To; they are not gates of this edge). Returns what
  // changed; *Out receives the edge.
  EdgeChange addEdge(uint32_t From, uint32_t To, const uint32_t *Held, size_t NumHeld,
                     uint32_t Thread, uint32_t StackFrom, uint32_t StackTo, Edge **Out);
  Edge *findEdge(uint32_t From, uint32_t To) const;

  // Looks for a cycle through Start that is not protected by a common gate. On
  // success fills Path with the cycle's edges (Path[0] == Start, each next edge
  // starts where the previous ends) and returns its length; 0 when there is none.
  // Path may be null to only test. When the cycle is longer than
  // MaxPath, Path then holds the first MaxPath edges (the return value is the full
  // length).
  size_t findCycle(const Edge *Start, const Edge **Path, size_t MaxPath);

  // true the first time a cycle over exactly these nodes is passed (report once).
  bool firstReportOf(const Edge *const *Path, size_t Len);

  size_t edgeCount() const { return NumEdges; }

  // Structural self-check for tests: adjacency and hash agree, gates sorted-free
  // of From/To, counts match.
  bool checkInvariants() const;

private:
  bool growNodes(uint32_t Node);
  bool growHash();

  Arena Mem;
  NodeRec *Nodes;
  size_t NodeCap;
  Edge **Buckets;
  size_t NumBuckets;
  size_t NumEdges;
  uint32_t Epoch;
  struct Frame {
    uint32_t Node;
    uint32_t Mask;
    Edge *Via;  // edge used to reach Node (null for the first frame)
    Edge *Next; // next out-edge of Node to try
  };
  Frame *Stack;
  size_t StackCap;
  uint64_t *Reported;
  size_t NumReported, ReportedCap;
};

} // namespace rt
} // namespace lockgraph
