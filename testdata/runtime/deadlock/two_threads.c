// A real deadlock: T1 takes A then B, T2 takes B then A, and a barrier makes both
// hold their first lock before asking for the second, so they block for good. The
// watchdog sees the wait-for cycle persist for deadlock_timeout (2 s) and exits 66.
// The inversion itself is reported too, when the second edge closes the cycle.
// expect-count: deadlock 1
// expect-count: lock-order-inversion 1
// expect-stderr: 2 threads wait for each other in a cycle
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Both;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_barrier_wait(&Both);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

static void *ba(void *p) {
  pthread_mutex_lock(&B);
  pthread_barrier_wait(&Both);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return p;
}

int main(void) {
  pthread_barrier_init(&Both, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  puts("not reached");
  return 0;
}
