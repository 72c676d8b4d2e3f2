// Two inversions through the same wrapper lines, between different locks: A/B and
// C/D. They are two bugs: the live output reports two, and so must the final report
// (`lockgraph run` merges findings by fingerprint; named locks keep these apart).
// Threads are created up front and sequenced with barriers (create and join would
// order the edges: no cycle).
// expect-count: lock-order-inversion 2
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t C = PTHREAD_MUTEX_INITIALIZER, D = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Step;

static void both(pthread_mutex_t *First, pthread_mutex_t *Second) {
  pthread_mutex_lock(First);
  pthread_mutex_lock(Second);
  pthread_mutex_unlock(Second);
  pthread_mutex_unlock(First);
}

static void *forward(void *p) {
  both(&A, &B);
  both(&C, &D);
  pthread_barrier_wait(&Step);
  return p;
}

static void *backward(void *p) {
  pthread_barrier_wait(&Step);
  both(&B, &A);
  both(&D, &C);
  return p;
}

int main(void) {
  pthread_barrier_init(&Step, 0, 2);
  pthread_t T1, T2;
  pthread_create(&T1, 0, forward, 0);
  pthread_create(&T2, 0, backward, 0);
  pthread_join(T1, 0);
  pthread_join(T2, 0);
  return 0;
}
