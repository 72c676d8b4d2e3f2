// Two threads take A,B and B,A: a potential deadlock. Both threads are created before
// either takes its order and neither is joined before the other has taken its own, so
// the orders could overlap in time; a barrier (not a happens-before edge for
// lockgraph) makes ab go first, so nothing blocks.
// expect-count: lock-order-inversion 1
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Turn;

static void take_ab(void) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
}

static void take_ba(void) {
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
}

static void *ab(void *p) {
  pthread_barrier_wait(&Turn); // both threads exist
  take_ab();
  pthread_barrier_wait(&Turn); // A -> B taken: ba's turn
  pthread_barrier_wait(&Turn); // until ba has taken B -> A
  return p;
}

static void *ba(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_barrier_wait(&Turn);
  take_ba();
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
  // Taking the same orders again must not report the cycle twice.
  take_ab();
  take_ba();
  return 0;
}
