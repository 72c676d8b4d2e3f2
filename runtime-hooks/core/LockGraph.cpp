// Lock-order graph with gate-aware cycle search (see LockGraph.h for the contract).
// Algorithm: depth-first search over (node, gate-mask) states from the new edge's
// target back to its source; invariant: a state's mask is the set of the new edge's
// gates that every edge on the current path also carries, so reaching the source with
// mask 0 proves a cycle that no single gate lock serializes.
#include "LockGraph.h"

namespace lockgraph {
namespace rt {

bool LockGraph::growNodes(uint32_t Node) {
  return growArray(Nodes, NodeCap, static_cast<size_t>(Node) + 1);
}

bool LockGraph::describeNode(uint32_t Node, uintptr_t Addr, uint32_t Generation) {
  if (!growNodes(Node))
    return false;
  Nodes[Node].Addr = Addr;
  Nodes[Node].Generation = Generation;
  return true;
}

bool LockGraph::growHash() {
  size_t NewCap = Index ? Index->Cap * 2 : 1024;
  // The rehash below writes slots all over the new block: map it at once.
  EdgeIndex *New = static_cast<EdgeIndex *>(
      pageAlloc(sizeof(EdgeIndex) + (NewCap - 1) * sizeof(IndexSlot), Index != nullptr));
  if (!New)
    return false;
  New->Cap = NewCap;
  if (Index)
    for (size_t I = 0; I < Index->Cap; ++I) {
      const IndexSlot &S = Index->Slots[I];
      if (!S.Key)
        continue;
      size_t H = hashPair(uint32_t(S.Key >> 32), uint32_t(S.Key)) & (NewCap - 1);
      while (New->Slots[H].Key)
        H = (H + 1) & (NewCap - 1);
      New->Slots[H] = S;
    }
  // The old block stays mapped for concurrent lookups (see the header).
  __atomic_store_n(&Index, New, __ATOMIC_RELEASE);
  return true;
}

void LockGraph::markGateFree(const Edge *E) {
  const uint64_t Key = (static_cast<uint64_t>(E->From) << 32) | E->To;
  const size_t Mask = Index->Cap - 1;
  for (size_t H = hashPair(E->From, E->To) & Mask; Index->Slots[H].Key; H = (H + 1) & Mask)
    if (Index->Slots[H].Key == Key) {
      __atomic_store_n(&Index->Slots[H].Edge, reinterpret_cast<uintptr_t>(E) | kGateFree,
                       __ATOMIC_RELEASE);
      return;
    }
}

// Whether gate G counts as held: the virtual reader gate stands for "this occurrence
// was a shared request of a reader-preferring rwlock made while holding From shared".
static bool gateHeld(uint32_t G, const uint32_t *Held, size_t NumHeld, bool ReaderGate) {
  if (G == kReaderGate)
    return ReaderGate;
  for (size_t I = 0; I < NumHeld; ++I)
    if (Held[I] == G)
      return true;
  return false;
}

bool LockGraph::gatesHeld(const Edge *E, const uint32_t *Held, size_t NumHeld,
                          bool ReaderGate) {
  uint32_t Seq = __atomic_load_n(&E->GateSeq, __ATOMIC_ACQUIRE);
  if (Seq & 1)
    return false;
  uint32_t N = __atomic_load_n(&E->NumGates, __ATOMIC_RELAXED);
  for (uint32_t G = 0; G < N && G < kMaxGates; ++G)
    if (!gateHeld(__atomic_load_n(&E->Gates[G], __ATOMIC_RELAXED), Held, NumHeld,
                  ReaderGate))
      return false;
  __atomic_thread_fence(__ATOMIC_ACQUIRE);
  return __atomic_load_n(&E->GateSeq, __ATOMIC_RELAXED) == Seq;
}

// Records that E was taken in Segment; true when that is news.
bool LockGraph::rememberSegment(Edge *E, uint32_t Segment) {
  if (segmentKnown(E, Segment))
    return false;
  if (!Segment || E->NumSegments == kMaxEdgeSegments) {
    __atomic_store_n(&E->AnySegment, 1, __ATOMIC_RELEASE);
    return true;
  }
  E->Segments[E->NumSegments] = Segment;
  __atomic_store_n(&E->NumSegments, E->NumSegments + 1, __ATOMIC_RELEASE);
  return true;
}

EdgeChange LockGraph::addEdge(uint32_t From, uint32_t To, const uint32_t *Held,
                              size_t NumHeld, uint32_t Thread, uint32_t StackFrom,
                              uint32_t StackTo, Edge **Out, bool ReaderGate,
                              uint32_t Segment) {
  *Out = nullptr;
  if (Edge *E = findEdge(From, To)) {
    *Out = E;
    const bool NewSegment = rememberSegment(E, Segment);
    if (gatesHeld(E, Held, NumHeld, ReaderGate))
      return NewSegment ? EdgeChange::NewSegment : EdgeChange::None;
    // Shrink to the gates still held, inside the edge's sequence counter.
    __atomic_store_n(&E->GateSeq, E->GateSeq + 1, __ATOMIC_RELAXED);
    __atomic_thread_fence(__ATOMIC_RELEASE);
    uint32_t Kept = 0;
    for (uint32_t G = 0; G < E->NumGates; ++G)
      if (gateHeld(E->Gates[G], Held, NumHeld, ReaderGate))
        __atomic_store_n(&E->Gates[Kept++], E->Gates[G], __ATOMIC_RELAXED);
    __atomic_store_n(&E->NumGates, Kept, __ATOMIC_RELAXED);
    __atomic_store_n(&E->GateSeq, E->GateSeq + 1, __ATOMIC_RELEASE);
    if (!Kept)
      markGateFree(E);
    return EdgeChange::GatesShrunk;
  }
  if (!growNodes(From > To ? From : To))
    return EdgeChange::OutOfMemory;
  if ((NumEdges + 1) * 2 > (Index ? Index->Cap : 0) && !growHash() &&
      (!Index || NumEdges + 1 >= Index->Cap))
    return EdgeChange::OutOfMemory;
  Edge *E = static_cast<Edge *>(Mem.alloc(sizeof(Edge), alignof(Edge)));
  if (!E)
    return EdgeChange::OutOfMemory;
  E->From = From;
  E->To = To;
  E->Thread = Thread;
  E->StackFrom = StackFrom;
  E->StackTo = StackTo;
  E->NumGates = 0;
  rememberSegment(E, Segment);
  if (ReaderGate) // first, so the cap on gates never drops it
    E->Gates[E->NumGates++] = kReaderGate;
  for (size_t I = 0; I < NumHeld && E->NumGates < kMaxGates; ++I) {
    uint32_t G = Held[I];
    if (G == From || G == To)
      continue;
    bool Dup = false;
    for (uint32_t J = 0; J < E->NumGates && !Dup; ++J)
      Dup = E->Gates[J] == G;
    if (!Dup)
      E->Gates[E->NumGates++] = G;
  }
  E->NextOut = Nodes[From].Out;
  Nodes[From].Out = E;
  E->NextIn = Nodes[To].In;
  Nodes[To].In = E;
  orderEdge(From, To);
  const size_t Mask = Index->Cap - 1;
  size_t H = hashPair(From, To) & Mask;
  while (Index->Slots[H].Key)
    H = (H + 1) & Mask;
  // Published fully built: the tagged pointer first, then the key readers probe for.
  __atomic_store_n(&Index->Slots[H].Edge,
                   reinterpret_cast<uintptr_t>(E) | (E->NumGates ? 0 : kGateFree),
                   __ATOMIC_RELAXED);
  __atomic_store_n(&Index->Slots[H].Key, (static_cast<uint64_t>(From) << 32) | To,
                   __ATOMIC_RELEASE);
  ++NumEdges;
  *Out = E;
  return EdgeChange::New;
}

size_t LockGraph::findCycle(const Edge *Start, const Edge **Path, size_t MaxPath) {
  if (++Epoch == 0)
    ++Epoch;
  const uint32_t Target = Start->From;
  const uint32_t Full = (1u << Start->NumGates) - 1;

  auto MaskOf = [&](const Edge *E, uint32_t Mask) {
    uint32_t R = 0;
    for (uint32_t I = 0; I < Start->NumGates; ++I) {
      if (!(Mask & (1u << I)))
        continue;
      for (uint32_t J = 0; J < E->NumGates; ++J)
        if (E->Gates[J] == Start->Gates[I]) {
          R |= 1u << I;
          break;
        }
    }
    return R;
  };
  // Marks (Node, Mask) visited; false if it already was.
  auto Visit = [&](uint32_t Node, uint32_t Mask) {
    NodeRec &N = Nodes[Node];
    if (N.VisitEpoch != Epoch) {
      N.VisitEpoch = Epoch;
      for (uint64_t &W : N.Visited)
        W = 0;
    }
    uint64_t Bit = 1ULL << (Mask & 63);
    uint64_t &Word = N.Visited[Mask >> 6];
    if (Word & Bit)
      return false;
    Word |= Bit;
    return true;
  };

  if (Start->To >= NodeCap || Start->From >= NodeCap)
    return 0;
  if (Start->From == Start->To)
    return 0;
  // A cycle lies within one component; when the order was lost, the whole graph is.
  const uint32_t Component = OrderLost ? 0 : componentOf(Start->From);
  if (!OrderLost && componentOf(Start->To) != Component)
    return 0;
  size_t Depth = 0;
  if (!growArray(Stack, StackCap, 1))
    return 0;
  Visit(Start->To, Full);
  Stack[Depth++] = Frame{Start->To, Full, nullptr, Nodes[Start->To].Out};
  while (Depth) {
    Frame &F = Stack[Depth - 1];
    Edge *E = F.Next;
    if (!E) {
      --Depth;
      continue;
    }
    F.Next = E->NextOut;
    uint32_t M = MaskOf(E, F.Mask);
    if (E->To == Target) {
      if (M != 0)
        continue; // every edge so far shares a gate: not a deadlock
      if (!feasible(Start, Depth, E))
        continue; // two of its edges need the same lock held at once
      if (!mayOverlap(Start, Depth, E))
        continue; // thread creation or join orders two of its edges
      // Depth frames: Stack[1..Depth) hold their Via edges, plus E, plus Start.
      size_t Len = Depth + 1;
      if (Path) {
        size_t K = 0;
        if (K < MaxPath)
          Path[K++] = Start;
        for (size_t I = 1; I < Depth && K < MaxPath; ++I)
          Path[K++] = Stack[I].Via;
        if (K < MaxPath)
          Path[K++] = E;
      }
      return Len;
    }
    if (E->To >= NodeCap || (Component && componentOf(E->To) != Component) ||
        !Visit(E->To, M))
      continue;
    if (!growArray(Stack, StackCap, Depth + 1))
      return 0;
    Stack[Depth++] = Frame{E->To, M, E, Nodes[E->To].Out};
  }
  return 0;
}

// A cycle can deadlock only if its threads can all be at their edges at once: no
// lock may be held (as an edge's From or one of its gates, which every occurrence
// held) by two of them. The common-gate test in the search is the case where one
// lock is shared by all edges; this one catches any pair. Cycles longer than
// kMaxFeasibleCheck edges are taken as feasible.
bool LockGraph::feasible(const Edge *Start, size_t Depth, const Edge *Last) const {
  constexpr size_t kMaxFeasibleCheck = 64;
  const Edge *Cycle[kMaxFeasibleCheck];
  size_t Len = 0;
  if (Depth + 1 > kMaxFeasibleCheck)
    return true;
  Cycle[Len++] = Start;
  for (size_t I = 1; I < Depth; ++I)
    Cycle[Len++] = Stack[I].Via;
  Cycle[Len++] = Last;
  auto Holds = [](const Edge *E, uint32_t Lock) {
    if (E->From == Lock)
      return true;
    for (uint32_t G = 0; G < E->NumGates; ++G)
      if (E->Gates[G] == Lock && Lock != kReaderGate)
        return true;
    return false;
  };
  for (size_t I = 0; I < Len; ++I)
    for (size_t J = 0; J < Len; ++J) {
      if (I == J)
        continue;
      if (Holds(Cycle[J], Cycle[I]->From))
        return false;
      for (uint32_t G = 0; G < Cycle[I]->NumGates; ++G)
        if (Cycle[I]->Gates[G] != kReaderGate && Holds(Cycle[J], Cycle[I]->Gates[G]))
          return false;
    }
  return true;
}

// A cycle can deadlock only if its edges can be pending at once: one segment per edge
// must be choosable so that every two may overlap. Backtracking over at most
// kMaxEdgeSegments choices per edge; cycles longer than kMaxOverlapCheck edges are
// taken as possible.
bool LockGraph::mayOverlap(const Edge *Start, size_t Depth, const Edge *Last) {
  constexpr size_t kMaxOverlapCheck = 8;
  if (!Order || Depth + 1 > kMaxOverlapCheck)
    return true;
  const Edge *Cycle[kMaxOverlapCheck];
  size_t Len = 0;
  Cycle[Len++] = Start;
  for (size_t I = 1; I < Depth; ++I)
    Cycle[Len++] = Stack[I].Via;
  Cycle[Len++] = Last;
  uint32_t Chosen[kMaxOverlapCheck]; // 0: the edge was taken in any segment
  uint32_t Next[kMaxOverlapCheck] = {};
  size_t K = 0;
  while (true) {
    if (K == Len)
      return true;
    const Edge *E = Cycle[K];
    const bool Any = E->AnySegment || !E->NumSegments;
    const uint32_t N = Any ? 1 : E->NumSegments;
    bool Placed = false;
    while (Next[K] < N && !Placed) {
      uint32_t S = Any ? 0 : E->Segments[Next[K]];
      ++Next[K];
      Placed = true;
      for (size_t J = 0; J < K && Placed; ++J)
        Placed = !S || !Chosen[J] || Order->mayOverlap(S, Chosen[J]);
      if (Placed)
        Chosen[K] = S;
    }
    if (Placed) {
      ++K;
      continue;
    }
    if (K == 0)
      return false;
    Next[K] = 0;
    --K;
  }
}

bool LockGraph::firstReportOf(const Edge *const *Path, size_t Len) {
  // Order-independent signature of the node set: sum and xor of mixed ids.
  uint64_t Sum = 0, Xor = 0;
  for (size_t I = 0; I < Len; ++I) {
    uint64_t X = hashPair(Path[I]->From, 0x5bd1e995u);
    Sum += X;
    Xor ^= X * 31 + Len;
  }
  uint64_t Sig = Sum * 0x9e3779b97f4a7c15ULL ^ Xor;
  for (size_t I = 0; I < NumReported; ++I)
    if (Reported[I] == Sig)
      return false;
  if (growArray(Reported, ReportedCap, NumReported + 1))
    Reported[NumReported++] = Sig;
  return true;
}

bool LockGraph::checkInvariants() const {
  auto Root = [this](uint32_t N) {
    while (Nodes[N].Parent)
      N = Nodes[N].Parent;
    return N;
  };
  size_t Count = 0, CountIn = 0;
  for (size_t N = 0; N < NodeCap; ++N)
    for (const Edge *E = Nodes[N].In; E; E = E->NextIn)
      CountIn += E->To == N ? 1 : 0;
  for (size_t N = 0; N < NodeCap; ++N)
    for (const Edge *E = Nodes[N].Out; E; E = E->NextOut) {
      ++Count;
      if (E->From != N || findEdge(E->From, E->To) != E)
        return false;
      // Edges between components go forward in the component order.
      const uint32_t A = Root(E->From), B = Root(E->To);
      if (!OrderLost && A != B && Nodes[A].Ord >= Nodes[B].Ord)
        return false;
      if (E->NumGates > kMaxGates)
        return false;
      for (uint32_t G = 0; G < E->NumGates; ++G)
        if (E->Gates[G] == E->From || E->Gates[G] == E->To)
          return false;
    }
  return Count == NumEdges && CountIn == NumEdges;
}

} // namespace rt
} // namespace lockgraph
