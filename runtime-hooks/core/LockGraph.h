// The live lock-order graph. Nodes are lock generations (ids from LockTable); an edge
// From->To means some thread blocked for To while holding From.
//
// Gate locks: every edge keeps the set of other locks held each time it was taken
// (the intersection over all occurrences, at most kMaxGates ids, the outermost ones:
// gates are taken first). A cycle is a potential deadlock only if no single lock is
// in the gate set of every edge of the cycle.
//
// Which edges can close a cycle at all is kept incrementally (LockGraphOrder.cpp): a
// topological order of the graph's strongly connected components, maintained as edges
// arrive (Pearce and Kelly's dynamic topological sort, with the components on a new
// cycle merged into one). An edge that goes forward in the order costs O(1); one that
// goes backward reorders only the components whose order lies between its ends. Only
// an edge inside one component can be on a cycle, and the search stays inside it.
//
// Cycle search (findCycle) is a DFS from New->To back to New->From, within their
// component, over states (node, remaining common gates as a bitmask over New's gates):
// at most 2^kMaxGates states per node, so O(2^kMaxGates * E) worst case for the
// component's edges, and O(E) when the new edge has no gates. It finds an ungated
// cycle if one exists. Iterative, no recursion, visited marks are epoch-stamped so
// nothing is cleared between searches.
//
// Contract: no locking inside, no malloc (pageAlloc/Arena), no pthread. Writers are
// serialized by the caller. findEdge() and gatesHeld() may run concurrently with a
// writer (the lock hot path asks them first, without the runtime lock): edges are
// published fully built into an open-addressing index whose replaced blocks stay
// mapped, and an edge's gates shrink under a per-edge sequence counter. Edges are
// never removed; node records grow with the highest id seen. Edge fields other than
// Gates/NumGates/GateSeq are immutable after creation.
#pragma once

#include <cstddef>
#include <cstdint>

#include "Arena.h"
#include "ThreadSegments.h"

namespace lockgraph {
namespace rt {

constexpr unsigned kMaxGates = 8;
// A virtual gate on edges whose occurrences were all shared requests of a
// reader-preferring rwlock made while holding From shared: such a request waits only
// for a writer holding the lock, never for readers, so a cycle made only of these
// edges cannot deadlock, and sharing this gate is exactly what the search skips.
constexpr uint32_t kReaderGate = 0xffffffffu;

// How many thread segments (ThreadSegments.h) an edge remembers it was taken in;
// past that it counts as taken in every segment (AnySegment).
constexpr uint32_t kMaxEdgeSegments = 4;

struct Edge {
  uint32_t From, To;
  uint32_t Thread;             // thread that first took it
  uint32_t StackFrom, StackTo; // depot ids: where From was taken, where To was taken
  uint32_t NumGates;
  uint32_t GateSeq; // odd while the gates are rewritten (a seqlock)
  uint32_t Gates[kMaxGates];
  Edge *NextOut; // adjacency list of From
  Edge *NextIn;  // adjacency list of To
  // The segments it was taken in: a cycle counts only when one segment per edge can
  // be chosen so that all may overlap (ThreadSegments::mayOverlap). Appended under the
  // writer's lock, NumSegments published last; AnySegment once there were too many.
  uint32_t Segments[kMaxEdgeSegments];
  uint32_t NumSegments;
  uint32_t AnySegment;
};

// A component's position in the order: starts as the lock's address (then node id,
// to break ties between generations), because programs that lock many locks in one
// order mostly lock them by increasing address (arrays, address-ordered pairs), so
// their edges are in order from the start and never need a reorder.
using OrderKey = unsigned __int128;

struct NodeRec {
  uintptr_t Addr;
  uint32_t Generation;
  uint32_t VisitEpoch;
  Edge *Out;
  Edge *In;
  uint64_t Visited[(1u << kMaxGates) / 64]; // one bit per gate mask
  // The component order (LockGraphOrder.cpp). Ord: position of the node's component
  // (meaningful on its representative; 0 until the node has an edge). Parent: the
  // union-find parent, 0 for a representative. A representative lists its members
  // through NextMember (itself first), LastMember being the tail.
  OrderKey Ord;
  uint32_t Parent;
  uint32_t NextMember, LastMember;
  uint32_t ForwardMark, BackwardMark; // search epochs of the last reorder
};

enum class EdgeChange { None, New, GatesShrunk, NewSegment, OutOfMemory };

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
  // ReaderGate: this occurrence is a reader-gate one (see kReaderGate). Segment: the
  // thread segment it is taken in (0: unknown, as if taken in every segment).
  EdgeChange addEdge(uint32_t From, uint32_t To, const uint32_t *Held, size_t NumHeld,
                     uint32_t Thread, uint32_t StackFrom, uint32_t StackTo, Edge **Out,
                     bool ReaderGate = false, uint32_t Segment = 0);
  // Happens-before for the cycle search; without it every pair of edges may overlap.
  void useHappensBefore(ThreadSegments *S) { Order = S; }
  // The edge From->To, or null. Safe against one concurrent writer (may then miss
  // an edge being added: the caller falls back to addEdge under its lock).
  Edge *findEdge(uint32_t From, uint32_t To) const {
    return reinterpret_cast<Edge *>(lookup(From, To) & ~kGateFree);
  }
  // The hot-path question: would taking From->To with Held[0..NumHeld) held change
  // the graph? false when the edge exists and every gate it has left is held. An edge
  // whose gates are all gone is marked in the index itself, so the usual answer
  // costs one probe of the index and no access to the edge.
  bool isSettled(uint32_t From, uint32_t To, const uint32_t *Held, size_t NumHeld,
                 bool ReaderGate = false, uint32_t Segment = 0) const {
    uintptr_t Bits = lookup(From, To);
    const Edge *E = reinterpret_cast<const Edge *>(Bits & ~kGateFree);
    if (!E || !segmentKnown(E, Segment))
      return false;
    return (Bits & kGateFree) || gatesHeld(E, Held, NumHeld, ReaderGate);
  }
  // E already remembers being taken in Segment.
  // Compares every entry without an early exit: which entry holds a thread's segment
  // differs from edge to edge, and a branch per entry mispredicted often enough to
  // cost ~12% of a contended lock-heavy workload (bench/runtime, dense).
  static bool segmentKnown(const Edge *E, uint32_t Segment) {
    if (__atomic_load_n(&E->AnySegment, __ATOMIC_ACQUIRE))
      return true;
    uint32_t N = __atomic_load_n(&E->NumSegments, __ATOMIC_ACQUIRE);
    bool Seen = false;
    for (uint32_t I = 0; I < kMaxEdgeSegments; ++I)
      Seen |= (I < N) & (E->Segments[I] == Segment);
    return Seen;
  }
  // true when taking E again with Held[0..NumHeld) held would not change it: every
  // gate of E is held. false also when a writer is changing E's gates right now.
  static bool gatesHeld(const Edge *E, const uint32_t *Held, size_t NumHeld,
                        bool ReaderGate = false);

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
  // The node's strongly connected component (its representative): a cycle lies
  // within one component.
  uint32_t componentOf(uint32_t Node);

  // Structural self-check for tests: adjacency and hash agree, gates sorted-free
  // of From/To, counts match.
  bool checkInvariants() const;

private:
  bool growNodes(uint32_t Node);
  bool growHash();
  void markGateFree(const Edge *E);
  bool feasible(const Edge *Start, size_t Depth, const Edge *Last) const;
  bool mayOverlap(const Edge *Start, size_t Depth, const Edge *Last);
  bool rememberSegment(Edge *E, uint32_t Segment);
  // LockGraphOrder.cpp: keeps the component order true after From->To was linked.
  // false when out of memory (the order is then given up: every edge is searched).
  bool orderEdge(uint32_t From, uint32_t To);
  void searchComponents(uint32_t Start, OrderKey Bound, bool Forward, uint32_t Goal,
                        bool *ReachedGoal);
  void mergeComponents(uint32_t Into, uint32_t Other);
  static constexpr uintptr_t kGateFree = 1; // tag bit on an index slot's edge pointer
  static size_t hashPair(uint32_t A, uint32_t B) {
    uint64_t X = (static_cast<uint64_t>(A) << 32) | B;
    X ^= X >> 31;
    X *= 0x9e3779b97f4a7c15ULL;
    X ^= X >> 29;
    return static_cast<size_t>(X);
  }
  struct IndexSlot {
    uint64_t Key;      // From << 32 | To; 0 when empty (node ids start at 1)
    uintptr_t Edge;    // the edge, | kGateFree once it has no gates left
  };
  struct EdgeIndex {
    size_t Cap; // a power of two; at most half full
    IndexSlot Slots[1];
  };
  // The index slot's tagged edge pointer for From->To, or 0.
  uintptr_t lookup(uint32_t From, uint32_t To) const {
    const EdgeIndex *X = __atomic_load_n(&Index, __ATOMIC_ACQUIRE);
    if (!X)
      return 0;
    const uint64_t Key = (static_cast<uint64_t>(From) << 32) | To;
    const size_t Mask = X->Cap - 1;
    for (size_t H = hashPair(From, To) & Mask;; H = (H + 1) & Mask) {
      uint64_t K = __atomic_load_n(&X->Slots[H].Key, __ATOMIC_ACQUIRE);
      if (K == Key)
        return __atomic_load_n(&X->Slots[H].Edge, __ATOMIC_ACQUIRE);
      if (!K)
        return 0;
    }
  }

  Arena Mem;
  ThreadSegments *Order;
  NodeRec *Nodes;
  size_t NodeCap;
  EdgeIndex *Index;
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
  // Component order state (LockGraphOrder.cpp).
  uint32_t OrderEpoch;
  bool OrderLost; // out of memory once: every cycle search covers the whole graph
  uint32_t *ForwardComps, *BackwardComps, *Work; // scratch of a reorder
  OrderKey *Slots;
  size_t ForwardCap, BackwardCap, SlotsCap, WorkCap;
  size_t NumForward, NumBackward;
};

} // namespace rt
} // namespace lockgraph
