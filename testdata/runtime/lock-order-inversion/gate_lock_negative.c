// Both orders of A and B are taken only while G is held: G serializes them, so the
// cycle A->B->A cannot deadlock. Not reported. The two threads exist together
// (created before either locks, neither joined before the other is done), so only
// the gate explains the silence; a barrier (not a happens-before edge for lockgraph)
// runs ab before ba.
// expect-count: lock-order-inversion 0
#include <pthread.h>

static pthread_mutex_t G = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Turn;

static void *ab(void *p) {
  pthread_barrier_wait(&Turn); // both threads exist
  pthread_mutex_lock(&G);
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&G);
  pthread_barrier_wait(&Turn); // ba's turn
  pthread_barrier_wait(&Turn); // until ba is done
  return p;
}

static void *ba(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_barrier_wait(&Turn);
  pthread_mutex_lock(&G);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&G);
  pthread_barrier_wait(&Turn);
  return p;
}

int main(void) {
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_barrier_destroy(&Turn);
  return 0;
}
