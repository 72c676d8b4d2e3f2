// A binary semaphore acquired with sem_trywait is held like any lock: locks taken
// after it get edges from it (only the trywait itself gets no edge into it). T1
// sem_trywaits S (free: succeeds) then blocks for M: S -> M. T2 holds M and blocks
// in sem_wait for S: M -> S. The cycle is reported once. T1 ends by releasing S with
// sem_post and a sem_clockwait/sem_post pair in main is a plain acquire/release.
// expect-count: lock-order-inversion 1
#define _GNU_SOURCE
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static sem_t S;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *try_then_lock(void *p) {
  if (sem_trywait(&S) != 0)
    return (void *)1;
  pthread_mutex_lock(&M); // S -> M
  pthread_mutex_unlock(&M);
  sem_post(&S);
  return p;
}

static void *lock_then_wait(void *p) {
  pthread_mutex_lock(&M);
  sem_wait(&S); // M -> S: closes the cycle
  sem_post(&S);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  sem_init(&S, 0, 1);
  pthread_t t;
  void *r1 = 0;
  pthread_create(&t, 0, try_then_lock, 0);
  pthread_join(t, &r1);
  pthread_create(&t, 0, lock_then_wait, 0);
  pthread_join(t, 0);
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  ts.tv_sec += 5;
  int rc = sem_clockwait(&S, CLOCK_MONOTONIC, &ts);
  if (rc == 0)
    sem_post(&S);
  sem_destroy(&S);
  return r1 == 0 && rc == 0 ? 0 : 1;
}
