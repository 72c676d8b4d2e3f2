// Threads named with pthread_setname_np appear in reports by name: T<n> "name".
// "worker-a" names itself; main names the second thread "worker-b" before letting
// either take a lock (barrier Named: both threads exist and are named). They take A,
// B in opposite orders; neither is joined before the other has taken its order, so
// the orders could overlap in time, and a second barrier (not a happens-before edge
// for lockgraph) makes worker-a go first, so nothing blocks. The report names both
// threads of the cycle. Reported once.
// expect-count: lock-order-inversion 1
// expect-stderr: "worker-a"
// expect-stderr: "worker-b"
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Named, Turn;

static void *worker_a(void *p) {
  pthread_setname_np(pthread_self(), "worker-a");
  pthread_barrier_wait(&Named);
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_barrier_wait(&Turn); // A -> B taken: worker-b's turn
  pthread_barrier_wait(&Turn); // until worker-b has taken B -> A
  return p;
}

static void *worker_b(void *p) {
  pthread_barrier_wait(&Named);
  pthread_barrier_wait(&Turn);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  pthread_barrier_wait(&Turn);
  return p;
}

int main(void) {
  pthread_barrier_init(&Named, 0, 3);
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t a, b;
  pthread_create(&a, 0, worker_a, 0);
  pthread_create(&b, 0, worker_b, 0);
  pthread_setname_np(b, "worker-b");
  pthread_barrier_wait(&Named);
  pthread_join(a, 0);
  pthread_join(b, 0);
  pthread_barrier_destroy(&Named);
  pthread_barrier_destroy(&Turn);
  return 0;
}
