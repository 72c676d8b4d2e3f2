// main locks M and ends with pthread_exit() while a worker runs: main's exit while
// holding M is a lock leak. The process still ends when the worker is done (with
// exitcode 66, since something was reported), not hang on the watchdog thread.
// expect: lock-leak
// expect-within: 3
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *p) {
  usleep(100 * 1000);
  return p;
}

int main(void) {
  pthread_t T;
  pthread_create(&T, 0, worker, 0);
  pthread_mutex_lock(&M);
  pthread_exit(0);
}
