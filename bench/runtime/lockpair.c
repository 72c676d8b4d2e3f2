/* Microbenchmark: cost of one uncontended pthread_mutex lock+unlock pair, one thread.
 *
 *   lockpair single [MAX_ITERS]   lock(A); unlock(A) in a tight loop
 *   lockpair nested [MAX_ITERS]   A held throughout; lock(B); unlock(B) in the loop, so
 *                                 every acquisition of B looks up the order edge A->B
 *
 * Runs up to MAX_ITERS (default 50,000,000) pairs, in chunks, stopping early once 2 s
 * have elapsed (so slow tools still finish); prints ns per pair (CLOCK_MONOTONIC).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long Sink;

static double now(void) {
  struct timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return (double)Ts.tv_sec + (double)Ts.tv_nsec * 1e-9;
}

int main(int Argc, char **Argv) {
  int Nested = Argc > 1 && !strcmp(Argv[1], "nested");
  long Max = Argc > 2 ? atol(Argv[2]) : 50000000L;
  pthread_mutex_t *M = Nested ? &B : &A;
  if (Nested)
    pthread_mutex_lock(&A);
  for (int I = 0; I < 1000; ++I) { /* warm-up: first-use bookkeeping */
    pthread_mutex_lock(M);
    pthread_mutex_unlock(M);
  }
  long Done = 0, Chunk = 1000;
  double T0 = now(), T = T0;
  while (Done < Max && T - T0 < 2.0) {
    long N = Chunk < Max - Done ? Chunk : Max - Done;
    for (long I = 0; I < N; ++I) {
      pthread_mutex_lock(M);
      Sink++;
      pthread_mutex_unlock(M);
    }
    Done += N;
    if (Chunk < 1000000)
      Chunk *= 2;
    T = now();
  }
  if (Nested)
    pthread_mutex_unlock(&A);
  printf("lockpair %s: %ld pairs, %.2f ns/pair\n", Nested ? "nested" : "single", Done,
         (T - T0) * 1e9 / (double)Done);
  return 0;
}
