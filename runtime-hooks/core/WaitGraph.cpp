// Cycles in a functional graph: walk from each unvisited edge, stamping the edges of
// this walk with its start; meeting an edge stamped by the same walk closes a cycle
// (every node has one successor, so it is found exactly once); meeting one stamped
// by an earlier walk, or a dead end, ends the walk with no new cycle.
#include "WaitGraph.h"

namespace lockgraph {
namespace rt {

namespace {
constexpr size_t kNone = ~size_t(0);

uint64_t mix(uint64_t H, uint64_t V) {
  H ^= V + 0x9e3779b97f4a7c15ull + (H << 6) + (H >> 2);
  return H * 0xff51afd7ed558ccdull;
}
} // namespace

void findDeadlocks(const WaitEdge *E, size_t N, size_t *Scratch, DeadlockFn Fn,
                   void *Ctx) {
  size_t *Next = Scratch;      // successor edge, kNone when none
  size_t *Mark = Scratch + N;  // 0: unvisited, else 1 + start of the walk
  size_t *Cycle = Scratch + 2 * N;
  for (size_t I = 0; I < N; ++I) {
    Next[I] = kNone;
    Mark[I] = 0;
    if (E[I].OwnerExited || (E[I].Owner == E[I].Thread && E[I].Lock)) {
      size_t One = I;
      Fn(&One, 1, E[I].OwnerExited ? DeadlockKind::Orphan : DeadlockKind::SelfWait, Ctx);
      continue;
    }
    if (E[I].Owner == kNoThread || E[I].Owner == E[I].Thread)
      continue;
    for (size_t J = 0; J < N; ++J)
      if (E[J].Thread == E[I].Owner) {
        Next[I] = J;
        break;
      }
  }
  for (size_t S = 0; S < N; ++S) {
    if (Mark[S])
      continue;
    size_t I = S;
    while (I != kNone && !Mark[I]) {
      Mark[I] = S + 1;
      I = Next[I];
    }
    if (I == kNone || Mark[I] != S + 1)
      continue;
    // I is on a new cycle: collect it, then rotate to the lowest thread id.
    size_t Len = 0, Low = 0;
    size_t J = I;
    do {
      Cycle[Len] = J;
      if (E[J].Thread < E[Cycle[Low]].Thread)
        Low = Len;
      ++Len;
      J = Next[J];
    } while (J != I);
    // Rotate to start at Low, in place by three reversals.
    auto Reverse = [Cycle](size_t B, size_t C) {
      for (; B + 1 < C; ++B, --C) {
        size_t T = Cycle[B];
        Cycle[B] = Cycle[C - 1];
        Cycle[C - 1] = T;
      }
    };
    Reverse(0, Low);
    Reverse(Low, Len);
    Reverse(0, Len);
    Fn(Cycle, Len, DeadlockKind::Cycle, Ctx);
  }
}

uint64_t deadlockSignature(const WaitEdge *E, const size_t *Idx, size_t Len) {
  uint64_t H = Len;
  for (size_t K = 0; K < Len; ++K) {
    const WaitEdge &W = E[Idx[K]];
    H = mix(H, W.Thread);
    H = mix(H, W.Lock);
    H = mix(H, W.Owner);
    H = mix(H, W.Episode);
  }
  return H;
}

} // namespace rt
} // namespace lockgraph
