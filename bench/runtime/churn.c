/* Lock-churn workload: many locks, few acquisitions of each, for run_churn_bench.sh.
 *
 *   churn [T [L [N [MODE]]]]   T threads (4), L locks (16384), N iterations per thread
 *                              (50000), MODE "rwlock" (default: pthread_rwlock_t taken
 *                              with pthread_rwlock_wrlock) or "mutex" (pthread_mutex_t)
 *
 * Each iteration picks a random pair or triple (half each) of distinct lock indices,
 * takes them in increasing index order (one global order for every thread: no inversion,
 * nothing for a deadlock detector to report), does a trivial update of the counter each
 * lock guards and releases them in reverse order. With L = 16384 and 4 x 50000 iterations
 * (~500,000 acquisitions) each lock is taken ~30 times and most order pairs (A,B) are
 * seen once: a tool whose cost grows with the number of distinct locks or edges it has
 * recorded, rather than with the number of acquisitions, shows it here.
 *
 * Deterministic: every thread has its own seeded xorshift generator, and the update is an
 * addition (commutative), so the printed check value does not depend on the interleaving.
 */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lock_indices.h"

static int NLock = 16384;
static long NIter = 50000;
static int UseMutex;
static pthread_rwlock_t *RwLocks;
static pthread_mutex_t *Mutexes;
static uint64_t *Counters; /* Counters[i] is guarded by lock i */


static void lockIdx(int I) {
  if (UseMutex)
    pthread_mutex_lock(&Mutexes[I]);
  else
    pthread_rwlock_wrlock(&RwLocks[I]);
}

static void unlockIdx(int I) {
  if (UseMutex)
    pthread_mutex_unlock(&Mutexes[I]);
  else
    pthread_rwlock_unlock(&RwLocks[I]);
}

static void *worker(void *Arg) {
  uint64_t S = 0x9E3779B97F4A7C15ull * ((uintptr_t)Arg + 1);
  uint64_t Local = 0;
  for (long I = 0; I < NIter; ++I) {
    uint64_t R = next(&S);
    int Idx[3], N = pickOrdered(&S, 2 + (int)(R & 1), NLock, Idx); /* a pair or a triple */
    for (int J = 0; J < N; ++J)
      lockIdx(Idx[J]);
    for (int J = 0; J < N; ++J) /* the trivial update */
      Counters[Idx[J]] += (R >> 8) | 1;
    Local += R >> 60;
    for (int J = N - 1; J >= 0; --J)
      unlockIdx(Idx[J]);
  }
  return (void *)(uintptr_t)Local;
}

int main(int Argc, char **Argv) {
  int T = Argc > 1 ? atoi(Argv[1]) : 4;
  NLock = Argc > 2 ? atoi(Argv[2]) : 16384;
  NIter = Argc > 3 ? atol(Argv[3]) : 50000;
  const char *Mode = Argc > 4 ? Argv[4] : "rwlock";
  UseMutex = !strcmp(Mode, "mutex");
  if (T < 1 || NLock < 3 || NIter < 0 || (!UseMutex && strcmp(Mode, "rwlock"))) {
    fprintf(stderr, "usage: churn [T [L [N [rwlock|mutex]]]]\n");
    return 2;
  }
  if (UseMutex) {
    Mutexes = malloc(sizeof(*Mutexes) * (size_t)NLock);
    for (int I = 0; Mutexes && I < NLock; ++I)
      pthread_mutex_init(&Mutexes[I], NULL);
  } else {
    RwLocks = malloc(sizeof(*RwLocks) * (size_t)NLock);
    for (int I = 0; RwLocks && I < NLock; ++I)
      pthread_rwlock_init(&RwLocks[I], NULL);
  }
  Counters = calloc((size_t)NLock, sizeof(*Counters));
  pthread_t *Th = malloc(sizeof(*Th) * (size_t)T);
  if ((!Mutexes && !RwLocks) || !Counters || !Th) {
    perror("malloc");
    return 1;
  }
  for (int I = 0; I < T; ++I)
    if (pthread_create(&Th[I], NULL, worker, (void *)(uintptr_t)I)) {
      fprintf(stderr, "pthread_create failed\n");
      return 1;
    }
  uint64_t Sum = 0;
  for (int I = 0; I < T; ++I) {
    void *Ret;
    pthread_join(Th[I], &Ret);
    Sum += (uintptr_t)Ret;
  }
  uint64_t Check = 0;
  for (int I = 0; I < NLock; ++I)
    Check = Check * 31 + Counters[I];
  printf("churn: T=%d L=%d N=%ld mode=%s check=%016llx sum=%llu\n", T, NLock, NIter, Mode,
         (unsigned long long)Check, (unsigned long long)Sum);
  return 0;
}
