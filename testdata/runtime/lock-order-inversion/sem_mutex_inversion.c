// A binary semaphore used as a lock and a mutex, taken in opposite orders by two
// threads (one after the other): S -> M, then M -> S. Reported once: a cycle may mix
// lock kinds.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <semaphore.h>

static sem_t S;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *sem_then_mutex(void *p) {
  sem_wait(&S);
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  sem_post(&S);
  return p;
}

static void *mutex_then_sem(void *p) {
  pthread_mutex_lock(&M);
  sem_wait(&S);
  sem_post(&S);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  sem_init(&S, 0, 1);
  pthread_t t;
  pthread_create(&t, 0, sem_then_mutex, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, mutex_then_sem, 0);
  pthread_join(t, 0);
  sem_destroy(&S);
  return 0;
}
