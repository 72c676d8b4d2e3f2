// Binary semaphores used as locks; the reverse order is taken with sem_timedwait, a
// blocking request with a timeout: it waits while holding the other lock, so it is a
// real hold-and-wait and the cycle is reported once (like pthread_mutex_timedlock in
// concurrent_timed_inversion.c). A sem_timedwait that times out (the semaphore held
// by another thread) acquires nothing: ETIMEDOUT comes back unchanged, and the holder
// still holds it (its own sem_post afterwards is a plain release).
// expect-count: lock-order-inversion 1
// expect-count: lock-leak 0
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static sem_t A, B;
static pthread_barrier_t Held, TimedOut, Turn;

static struct timespec in_ms(long ms) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += ms * 1000000L;
  while (ts.tv_nsec >= 1000000000L) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000L;
  }
  return ts;
}

static void *ab(void *p) {
  sem_wait(&A);
  sem_wait(&B);
  sem_post(&B);
  sem_post(&A);
  pthread_barrier_wait(&Turn); // A -> B taken: ba_timed's turn
  return p;
}

static void *ba_timed(void *p) {
  pthread_barrier_wait(&Turn);
  sem_wait(&B);
  struct timespec ts = in_ms(5000);
  if (sem_timedwait(&A, &ts) == 0) // free: succeeds at once
    sem_post(&A);
  sem_post(&B);
  return p;
}

static void *hold_a(void *p) {
  sem_wait(&A);
  pthread_barrier_wait(&Held);
  pthread_barrier_wait(&TimedOut);
  sem_post(&A);
  return p;
}

int main(void) {
  sem_init(&A, 0, 1);
  sem_init(&B, 0, 1);
  // Both threads exist together, neither joined before the other's order, so the
  // orders could overlap; the barrier (not a happens-before edge for lockgraph) only
  // runs ab first.
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t, t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba_timed, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);

  // A timed wait that times out: another thread holds A (barriers keep it holding
  // A until main's 20 ms wait has failed). Main acquires nothing and posts nothing.
  pthread_barrier_init(&Held, 0, 2);
  pthread_barrier_init(&TimedOut, 0, 2);
  pthread_create(&t, 0, hold_a, 0);
  pthread_barrier_wait(&Held);
  struct timespec ts = in_ms(20);
  int rc = sem_timedwait(&A, &ts);
  int err = errno;
  pthread_barrier_wait(&TimedOut);
  pthread_join(t, 0);
  sem_destroy(&A);
  sem_destroy(&B);
  return rc == -1 && err == ETIMEDOUT ? 0 : 1;
}
