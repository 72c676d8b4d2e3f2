// A worker exits holding A (reported when it exits); then main fails an assertion
// while holding B: abort() ends the process by SIGABRT with no exit path, and main's
// held lock is reported before it dies, as the worker's was.
// expect-count: lock-leak 2
// expect-signal: 6
// expect-stderr: aborts the process while holding 1 lock(s)
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *p) {
  pthread_mutex_lock(&A);
  return p;
}

int main(void) {
  pthread_t T;
  pthread_create(&T, 0, worker, 0);
  pthread_join(T, 0);
  pthread_mutex_lock(&B);
  abort();
}
