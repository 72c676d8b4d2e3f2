/* What the runtime benchmarks share: a xorshift generator and the choice of K
 * distinct lock indices in increasing order (the workload's one global lock order). */
#ifndef LOCKGRAPH_BENCH_LOCK_INDICES_H
#define LOCKGRAPH_BENCH_LOCK_INDICES_H

#include <stdint.h>

static uint64_t next(uint64_t *S) {
  uint64_t X = *S;
  X ^= X << 13;
  X ^= X >> 7;
  X ^= X << 17;
  return *S = X;
}

/* Fills Idx[0..K) with K distinct indices below NLock, sorted; returns K. */
static int pickOrdered(uint64_t *S, int K, int NLock, int *Idx) {
  int N = 0;
  while (N < K) {
    int C = (int)(next(S) % (uint64_t)NLock), Dup = 0;
    for (int J = 0; J < N; ++J)
      Dup |= Idx[J] == C;
    if (!Dup)
      Idx[N++] = C;
  }
  for (int A = 1; A < N; ++A)
    for (int B = A; B > 0 && Idx[B - 1] > Idx[B]; --B) {
      int T = Idx[B];
      Idx[B] = Idx[B - 1];
      Idx[B - 1] = T;
    }
  return N;
}

#endif
