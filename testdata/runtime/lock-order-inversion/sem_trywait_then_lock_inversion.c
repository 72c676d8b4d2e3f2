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
static pthread_barrier_t Turn;

static void *try_then_lock(void *p) {
  if (sem_trywait(&S) != 0) {
    pthread_barrier_wait(&Turn);
    return (void *)1;
  }
  pthread_mutex_lock(&M); // S -> M
  pthread_mutex_unlock(&M);
  sem_post(&S);
  pthread_barrier_wait(&Turn); // S -> M taken: lock_then_wait's turn
  return p;
}

static void *lock_then_wait(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_mutex_lock(&M);
  sem_wait(&S); // M -> S: closes the cycle
  sem_post(&S);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  sem_init(&S, 0, 1);
  // Both threads exist together (the barrier, not a happens-before edge for
  // lockgraph, only runs T1 first), so the two orders could overlap.
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2;
  void *r1 = 0;
  pthread_create(&t1, 0, try_then_lock, 0);
  pthread_create(&t2, 0, lock_then_wait, 0);
  pthread_join(t1, &r1);
  pthread_join(t2, 0);
  pthread_barrier_destroy(&Turn);
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  ts.tv_sec += 5;
  int rc = sem_clockwait(&S, CLOCK_MONOTONIC, &ts);
  if (rc == 0)
    sem_post(&S);
  sem_destroy(&S);
  return r1 == 0 && rc == 0 ? 0 : 1;
}
