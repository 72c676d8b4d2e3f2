// A cycle in the lock graph that no set of threads can be in at once. One thread
// holds G and takes A then B (A -> B, with G held) and, still under G, B then C
// (B -> C); another takes C then A (C -> A) without G. The cycle A -> B -> C -> A
// needs the A -> B thread and the B -> C thread to hold G together: impossible, and
// it is not the common gate of all three edges either (C -> A has none). A feasible
// inversion is reported in the same program as a control (X <-> Y).
// expect-count: lock-order-inversion 1
// static-expect: lock-order-inversion (the X <-> Y control; the infeasible cycle is not
// reported statically either)
#include <pthread.h>

static pthread_mutex_t G = PTHREAD_MUTEX_INITIALIZER, A = PTHREAD_MUTEX_INITIALIZER,
                       B = PTHREAD_MUTEX_INITIALIZER, C = PTHREAD_MUTEX_INITIALIZER,
                       X = PTHREAD_MUTEX_INITIALIZER, Y = PTHREAD_MUTEX_INITIALIZER;

static void pair(pthread_mutex_t *First, pthread_mutex_t *Second) {
  pthread_mutex_lock(First);
  pthread_mutex_lock(Second);
  pthread_mutex_unlock(Second);
  pthread_mutex_unlock(First);
}

static void *gated(void *p) {
  pthread_mutex_lock(&G);
  pair(&A, &B);
  pair(&B, &C);
  pthread_mutex_unlock(&G);
  return p;
}

static void *closing(void *p) {
  pair(&C, &A);
  return p;
}

static void *xy(void *p) {
  pair(&X, &Y);
  return p;
}

static void *yx(void *p) {
  pair(&Y, &X);
  return p;
}

int main(void) {
  void *(*Order[])(void *) = {gated, closing, xy, yx};
  for (int I = 0; I < 4; ++I) {
    pthread_t t;
    pthread_create(&t, 0, Order[I], 0);
    pthread_join(t, 0);
  }
  return 0;
}
