// A binary semaphore used as a lock and a mutex, taken in opposite orders by two
// threads: S -> M, then M -> S. Both threads are created before either takes its
// order and neither is joined before the other has taken its own; a barrier (not a
// happens-before edge for lockgraph) makes sem_then_mutex go first, so nothing
// blocks. Reported once: a cycle may mix lock kinds.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <semaphore.h>

static sem_t S;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Turn;

static void *sem_then_mutex(void *p) {
  pthread_barrier_wait(&Turn); // both threads exist
  sem_wait(&S);
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  sem_post(&S);
  pthread_barrier_wait(&Turn); // S -> M taken: mutex_then_sem's turn
  pthread_barrier_wait(&Turn); // until M -> S is taken
  return p;
}

static void *mutex_then_sem(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_barrier_wait(&Turn);
  pthread_mutex_lock(&M);
  sem_wait(&S);
  sem_post(&S);
  pthread_mutex_unlock(&M);
  pthread_barrier_wait(&Turn);
  return p;
}

int main(void) {
  sem_init(&S, 0, 1);
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, sem_then_mutex, 0);
  pthread_create(&t2, 0, mutex_then_sem, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_barrier_destroy(&Turn);
  sem_destroy(&S);
  return 0;
}
