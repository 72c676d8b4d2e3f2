/* Lock-heavy workload for the lockgraph runtime overhead benchmark.
 *
 *   workload [T [M [N [WORK]]]]   T threads (4), M mutexes (64), N iterations per thread,
 *                                 WORK extra multiply-add rounds per lock held (0)
 *   workload mem-locks K          K mutexes initialized, locked and unlocked once each
 *   workload mem-edges K          ~K distinct order edges A->B (A<B) from nested pairs
 *
 * Each iteration takes 1-3 distinct mutexes in increasing index order (a global order:
 * no inversion, so nothing to report), does a little work inside and releases them in
 * reverse order. Deterministic: every thread has its own seeded xorshift generator.
 *
 * The work per lock held is 7 multiply-adds on the counter it guards, which clang -O2
 * folds into ONE multiply-add (the 7 rounds compose into a single affine map): ~1-2 ns.
 * WORK = 0 (the default) is exactly that ("dense", a worst case). WORK > 0 adds WORK more
 * rounds that the compiler must keep (an empty asm makes each round opaque), each one
 * dependent imul+add and a read-modify-write of one word of a 128-byte record the same
 * mutex guards: a critical section that computes and updates the data it protects
 * ("typical" in run_runtime_bench.sh: see README.md).
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock_indices.h"

static int NMutex = 64;
static long NIter;
static int Work; /* extra, unfoldable multiply-add rounds per lock held */
static pthread_mutex_t *Mutexes;
static uint64_t *Counters; /* Counters[i] is guarded by Mutexes[i] */
enum { kRecordWords = 16 };
static uint64_t (*Records)[kRecordWords]; /* Records[i] too: the data a WORK round updates */


static void *worker(void *Arg) {
  uint64_t S = 0x9E3779B97F4A7C15ull * ((uintptr_t)Arg + 1);
  uint64_t Local = 0;
  for (long I = 0; I < NIter; ++I) {
    int Idx[3], N = pickOrdered(&S, 1 + (int)(next(&S) % 3), NMutex, Idx);
    for (int J = 0; J < N; ++J)
      pthread_mutex_lock(&Mutexes[Idx[J]]);
    for (int J = 0; J < N; ++J) { /* a little work inside */
      uint64_t V = Counters[Idx[J]];
      for (int W = 0; W < 7; ++W)
        V = V * 6364136223846793005ull + 1442695040888963407ull;
      uint64_t *Rec = Records[Idx[J]];
      for (int W = 0; W < Work; ++W) {
        __asm__("" : "+r"(V)); /* no folding: one real imul+add per round */
        V = V * 6364136223846793005ull + 1442695040888963407ull;
        Rec[W % kRecordWords] += V; /* and the guarded data is really touched */
      }
      Counters[Idx[J]] = V;
      Local += V & 1;
    }
    for (int J = N - 1; J >= 0; --J)
      pthread_mutex_unlock(&Mutexes[Idx[J]]);
  }
  return (void *)(uintptr_t)Local;
}

static pthread_mutex_t *newMutexes(long K) {
  pthread_mutex_t *M = malloc(sizeof(*M) * (size_t)K);
  if (!M) {
    perror("malloc");
    exit(1);
  }
  for (long I = 0; I < K; ++I)
    pthread_mutex_init(&M[I], NULL);
  return M;
}

int main(int Argc, char **Argv) {
  if (Argc >= 3 && !strcmp(Argv[1], "mem-locks")) {
    long K = atol(Argv[2]);
    pthread_mutex_t *M = newMutexes(K);
    for (long I = 0; I < K; ++I) {
      pthread_mutex_lock(&M[I]);
      pthread_mutex_unlock(&M[I]);
    }
    printf("mem-locks: %ld mutexes locked once\n", K);
    return 0;
  }
  if (Argc >= 3 && !strcmp(Argv[1], "mem-edges")) {
    long K = atol(Argv[2]), L = 2;
    while (L * (L - 1) / 2 < K) /* L locks give L(L-1)/2 pairs A<B */
      ++L;
    pthread_mutex_t *M = newMutexes(L);
    long E = 0;
    for (long A = 0; A < L && E < K; ++A)
      for (long B = A + 1; B < L && E < K; ++B, ++E) {
        pthread_mutex_lock(&M[A]);
        pthread_mutex_lock(&M[B]);
        pthread_mutex_unlock(&M[B]);
        pthread_mutex_unlock(&M[A]);
      }
    printf("mem-edges: %ld distinct edges over %ld mutexes\n", E, L);
    return 0;
  }
  int T = Argc > 1 ? atoi(Argv[1]) : 4;
  NMutex = Argc > 2 ? atoi(Argv[2]) : 64;
  NIter = Argc > 3 ? atol(Argv[3]) : 6000000;
  Work = Argc > 4 ? atoi(Argv[4]) : 0;
  if (T < 1 || NMutex < 3 || NIter < 0 || Work < 0) {
    fprintf(stderr, "usage: workload [T [M [N [WORK]]]] | mem-locks K | mem-edges K\n");
    return 2;
  }
  Mutexes = newMutexes(NMutex);
  Counters = calloc((size_t)NMutex, sizeof(*Counters));
  Records = calloc((size_t)NMutex, sizeof(*Records));
  if (!Counters || !Records) {
    perror("calloc");
    return 1;
  }
  pthread_t *Th = malloc(sizeof(*Th) * (size_t)T);
  for (int I = 0; I < T; ++I)
    pthread_create(&Th[I], NULL, worker, (void *)(uintptr_t)I);
  uint64_t Sum = 0;
  for (int I = 0; I < T; ++I) {
    void *R;
    pthread_join(Th[I], &R);
    Sum += (uintptr_t)R;
  }
  uint64_t Check = 0;
  for (int I = 0; I < NMutex; ++I) {
    Check ^= Counters[I];
    for (int K = 0; K < kRecordWords; ++K)
      Check += Records[I][K];
  }
  printf("workload: T=%d M=%d N=%ld check=%016llx odd=%llu\n", T, NMutex, NIter,
         (unsigned long long)Check, (unsigned long long)Sum);
  return 0;
}
