// A program killed by SIGKILL right after an inversion: nothing of the runtime runs
// after the signal, so the report must already be complete on stderr (WARNING and
// SUMMARY) when the cycle closes. The harness expects death by signal 9.
// expect-count: lock-order-inversion 1
// expect-signal: 9
#include <pthread.h>
#include <signal.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, ab, 0);
  pthread_join(t, 0);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  raise(SIGKILL);
  return 0;
}
