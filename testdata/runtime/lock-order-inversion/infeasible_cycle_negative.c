// A cycle in the lock graph that no set of threads can be in at once. One thread
// holds G and takes A then B (A -> B, with G held) and, still under G, B then C
// (B -> C); another takes C then A (C -> A) without G. The cycle A -> B -> C -> A
// needs the A -> B thread and the B -> C thread to hold G together: impossible, and
// it is not the common gate of all three edges either (C -> A has none). A feasible
// inversion is reported in the same program as a control (X <-> Y). The four threads
// are created before any locks and none returns before the last is done, so they
// overlap in time and only the held G explains the silence; a barrier (not a
// happens-before edge for lockgraph) runs them one at a time, in turns.
// expect-count: lock-order-inversion 1
// static-expect: lock-order-inversion (the X <-> Y control; the infeasible cycle is not
// reported statically either)
#include <pthread.h>

#define THREADS 4

static pthread_mutex_t G = PTHREAD_MUTEX_INITIALIZER, A = PTHREAD_MUTEX_INITIALIZER,
                       B = PTHREAD_MUTEX_INITIALIZER, C = PTHREAD_MUTEX_INITIALIZER,
                       X = PTHREAD_MUTEX_INITIALIZER, Y = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Turn;

static void pair(pthread_mutex_t *First, pthread_mutex_t *Second) {
  pthread_mutex_lock(First);
  pthread_mutex_lock(Second);
  pthread_mutex_unlock(Second);
  pthread_mutex_unlock(First);
}

static void gated(void) {
  pthread_mutex_lock(&G);
  pair(&A, &B);
  pair(&B, &C);
  pthread_mutex_unlock(&G);
}

static void closing(void) { pair(&C, &A); }

static void xy(void) { pair(&X, &Y); }

static void yx(void) { pair(&Y, &X); }

static void (*const Order[THREADS])(void) = {gated, closing, xy, yx};

static void *worker(void *p) {
  long I = (long)p;
  pthread_barrier_wait(&Turn); // every thread exists
  for (long Step = 0; Step < THREADS; ++Step) {
    if (Step == I)
      Order[I]();
    pthread_barrier_wait(&Turn); // turn done: the next thread's
  }
  return 0;
}

int main(void) {
  pthread_barrier_init(&Turn, 0, THREADS);
  pthread_t t[THREADS];
  for (long I = 0; I < THREADS; ++I)
    pthread_create(&t[I], 0, worker, (void *)I);
  for (int I = 0; I < THREADS; ++I)
    pthread_join(t[I], 0);
  pthread_barrier_destroy(&Turn);
  return 0;
}
