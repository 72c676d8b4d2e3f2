// The lock graph's component order: Pearce and Kelly's dynamic topological sort
// ("A dynamic topological sort algorithm for directed acyclic graphs", JEA 2006) over
// strongly connected components. Invariant: for every edge A->B between different
// components, Ord(comp(A)) < Ord(comp(B)). A new edge From->To that breaks it is
// repaired by searching only the components whose order lies between its ends:
// forward from To (order below From's) and backward from From (order above To's).
// When the forward search reaches From, the edge closed a cycle: every component
// both searches reached lies on it, and they become one component.
//
// Why: a program that takes many locks in one global order never closes a cycle, and
// a full graph search per new edge made its cost grow with the square of the edges.
#include "LockGraph.h"

#include <algorithm>

namespace lockgraph {
namespace rt {

uint32_t LockGraph::componentOf(uint32_t Node) {
  while (uint32_t P = Nodes[Node].Parent) {
    if (uint32_t G = Nodes[P].Parent) // path halving
      Nodes[Node].Parent = G;
    Node = P;
  }
  return Node;
}

void LockGraph::mergeComponents(uint32_t Into, uint32_t Other) {
  Nodes[Other].Parent = Into;
  Nodes[Nodes[Into].LastMember].NextMember = Other;
  Nodes[Into].LastMember = Nodes[Other].LastMember;
}

// Collects into Forward (or Backward) the components reachable from Start along out-
// (in-) edges whose order is below (above) Bound, Start included; sets *ReachedGoal
// when an edge leads into Goal. Sets OrderLost when out of memory.
void LockGraph::searchComponents(uint32_t Start, OrderKey Bound, bool Forward,
                                 uint32_t Goal, bool *ReachedGoal) {
  uint32_t *&List = Forward ? ForwardComps : BackwardComps;
  size_t &Cap = Forward ? ForwardCap : BackwardCap;
  size_t &Num = Forward ? NumForward : NumBackward;
  auto Mark = [&](uint32_t C) -> uint32_t & {
    return Forward ? Nodes[C].ForwardMark : Nodes[C].BackwardMark;
  };
  size_t Top = 0;
  if (!growArray(List, Cap, 1) || !growArray(Work, WorkCap, 1)) {
    OrderLost = true;
    return;
  }
  Mark(Start) = OrderEpoch;
  List[Num++] = Start;
  Work[Top++] = Start;
  while (Top) {
    uint32_t C = Work[--Top];
    for (uint32_t M = C; M; M = Nodes[M].NextMember)
      for (Edge *E = Forward ? Nodes[M].Out : Nodes[M].In; E;
           E = Forward ? E->NextOut : E->NextIn) {
        uint32_t D = componentOf(Forward ? E->To : E->From);
        if (D == Goal) {
          *ReachedGoal = true;
          continue;
        }
        if (Mark(D) == OrderEpoch ||
            (Forward ? Nodes[D].Ord >= Bound : Nodes[D].Ord <= Bound))
          continue;
        if (!growArray(List, Cap, Num + 1) || !growArray(Work, WorkCap, Top + 1)) {
          OrderLost = true;
          return;
        }
        Mark(D) = OrderEpoch;
        List[Num++] = D;
        Work[Top++] = D;
      }
  }
}

bool LockGraph::orderEdge(uint32_t From, uint32_t To) {
  if (OrderLost)
    return false;
  for (uint32_t N : {From, To})
    if (!Nodes[N].Ord && !Nodes[N].Parent) {
      Nodes[N].Ord = OrderKey(Nodes[N].Addr) << 32 | N;
      Nodes[N].LastMember = N;
    }
  const uint32_t X = componentOf(From), Y = componentOf(To);
  const OrderKey Ub = Nodes[X].Ord, Lb = Nodes[Y].Ord;
  if (X == Y || Lb > Ub)
    return true; // inside one component, or already in order
  if (++OrderEpoch == 0)
    ++OrderEpoch;
  NumForward = NumBackward = 0;
  bool Cycle = false, Unused = false;
  searchComponents(Y, Ub, /*Forward=*/true, X, &Cycle);
  if (!OrderLost)
    searchComponents(X, Lb, /*Forward=*/false, Y, &Unused);
  if (OrderLost || !growArray(Slots, SlotsCap, NumForward + NumBackward)) {
    OrderLost = true;
    return false;
  }
  // The order positions to hand out again: those of every component involved.
  size_t NumSlots = 0;
  for (size_t I = 0; I < NumForward; ++I)
    Slots[NumSlots++] = Nodes[ForwardComps[I]].Ord;
  for (size_t I = 0; I < NumBackward; ++I)
    if (Nodes[BackwardComps[I]].ForwardMark != OrderEpoch)
      Slots[NumSlots++] = Nodes[BackwardComps[I]].Ord;
  std::sort(Slots, Slots + NumSlots);
  auto ByOrd = [this](uint32_t A, uint32_t B) { return Nodes[A].Ord < Nodes[B].Ord; };
  std::sort(ForwardComps, ForwardComps + NumForward, ByOrd);
  std::sort(BackwardComps, BackwardComps + NumBackward, ByOrd);
  if (!Cycle) {
    // Everything that reaches From goes before everything To reaches, each group
    // keeping its own relative order.
    size_t K = 0;
    for (size_t I = 0; I < NumBackward; ++I)
      Nodes[BackwardComps[I]].Ord = Slots[K++];
    for (size_t I = 0; I < NumForward; ++I)
      Nodes[ForwardComps[I]].Ord = Slots[K++];
    return true;
  }
  // The components on the new cycle: reached by both searches, and its two ends.
  auto OnCycle = [&](uint32_t C) {
    return C == X || C == Y ||
           (Nodes[C].ForwardMark == OrderEpoch && Nodes[C].BackwardMark == OrderEpoch);
  };
  // Only-backward ones take the lowest positions, the merged component the next,
  // only-forward ones the highest: no component moves past an unaffected neighbour.
  size_t K = 0;
  for (size_t I = 0; I < NumBackward; ++I)
    if (!OnCycle(BackwardComps[I]))
      Nodes[BackwardComps[I]].Ord = Slots[K++];
  const OrderKey MergedOrd = Slots[K];
  size_t Top = NumSlots;
  for (size_t I = NumForward; I-- > 0;)
    if (!OnCycle(ForwardComps[I]))
      Nodes[ForwardComps[I]].Ord = Slots[--Top];
  for (size_t I = 0; I < NumBackward; ++I)
    if (BackwardComps[I] != X && OnCycle(BackwardComps[I]))
      mergeComponents(X, BackwardComps[I]);
  mergeComponents(X, Y);
  Nodes[X].Ord = MergedOrd;
  return true;
}

} // namespace rt
} // namespace lockgraph
