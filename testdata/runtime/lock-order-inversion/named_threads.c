// Threads named with pthread_setname_np appear in reports by name: T<n> "name".
// "worker-a" names itself; main names the second thread "worker-b" before letting it
// run (a barrier). They take A, B in opposite orders one after the other; the report
// names both threads of the cycle. Reported once.
// expect-count: lock-order-inversion 1
// expect-stderr: "worker-a"
// expect-stderr: "worker-b"
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Named;

static void *worker_a(void *p) {
  pthread_setname_np(pthread_self(), "worker-a");
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

static void *worker_b(void *p) {
  pthread_barrier_wait(&Named);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return p;
}

int main(void) {
  pthread_barrier_init(&Named, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, worker_a, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, worker_b, 0);
  pthread_setname_np(t, "worker-b");
  pthread_barrier_wait(&Named);
  pthread_join(t, 0);
  return 0;
}
