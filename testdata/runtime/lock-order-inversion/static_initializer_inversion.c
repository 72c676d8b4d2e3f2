// Locks statically initialised (PTHREAD_MUTEX_INITIALIZER, PTHREAD_RWLOCK_INITIALIZER)
// and never passed to an init function are tracked from their first use, whatever
// that use is: here the rwlock's first use is a read lock in a thread, the mutex's a
// trylock, and the cycle M -> RW (write) / RW (read) -> M is reported once.
// expect-count: lock-order-inversion 1
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_rwlock_t RW = PTHREAD_RWLOCK_INITIALIZER;
static pthread_barrier_t Turn;

static void *first_use(void *p) {
  if (pthread_mutex_trylock(&M) == 0) // M's first use: a trylock
    pthread_mutex_unlock(&M);
  pthread_rwlock_rdlock(&RW); // RW's first use
  pthread_mutex_lock(&M);     // RW -> M
  pthread_mutex_unlock(&M);
  pthread_rwlock_unlock(&RW);
  pthread_barrier_wait(&Turn); // RW -> M taken: reverse's turn
  return p;
}

static void *reverse(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_mutex_lock(&M);
  pthread_rwlock_wrlock(&RW); // M -> RW: closes the cycle
  pthread_rwlock_unlock(&RW);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  // Both threads exist together (the barrier, not a happens-before edge for
  // lockgraph, only runs first_use first), so the two orders could overlap.
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, first_use, 0);
  pthread_create(&t2, 0, reverse, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_barrier_destroy(&Turn);
  return 0;
}
