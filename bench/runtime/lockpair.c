/* Microbenchmark: cost of one uncontended pthread_mutex lock+unlock pair, one thread.
 *
 *   lockpair single [MAX_ITERS]   lock(A); unlock(A) in a tight loop
 *   lockpair nested [MAX_ITERS]   A held throughout; lock(B); unlock(B) in the loop, so
 *                                 every acquisition of B looks up the order edge A->B
 *   lockpair single-mt|nested-mt  the same with a second, idle thread in the process
 *
 * glibc takes a non-atomic fast path for mutexes while a process has one thread
 * (SINGLE_THREAD_P); with a second thread every lock and unlock is an atomic
 * read-modify-write. A program that can deadlock has at least two threads, so the "-mt"
 * figures are the native cost such a program actually pays.
 *
 * Runs up to MAX_ITERS (default 50,000,000) pairs, in chunks, stopping early once 2 s
 * have elapsed (so slow tools still finish); prints ns per pair (CLOCK_MONOTONIC).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;
static volatile unsigned long Sink;

static double now(void) {
  struct timespec Ts;
  clock_gettime(CLOCK_MONOTONIC, &Ts);
  return (double)Ts.tv_sec + (double)Ts.tv_nsec * 1e-9;
}

static void *idle(void *Arg) {
  for (;;)
    pause(); /* never locks anything; exit() ends it */
  return Arg;
}

int main(int Argc, char **Argv) {
  const char *Mode = Argc > 1 ? Argv[1] : "single";
  int Nested = !strncmp(Mode, "nested", 6);
  int Mt = strstr(Mode, "-mt") != NULL;
  if (Mt) {
    pthread_t Th;
    if (pthread_create(&Th, NULL, idle, NULL)) {
      perror("pthread_create");
      return 1;
    }
  }
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
  printf("lockpair %s%s: %ld pairs, %.2f ns/pair\n", Nested ? "nested" : "single", Mt ? "-mt" : "", Done,
         (T - T0) * 1e9 / (double)Done);
  return 0;
}
