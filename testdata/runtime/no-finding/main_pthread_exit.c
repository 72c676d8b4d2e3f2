// main ends with pthread_exit() while a worker still runs: the process must exit (0)
// as soon as the worker is done, as it does natively. The runtime's watchdog thread
// (started with the worker) must not keep it alive.
// expect-within: 3
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static int Counter;

static void *worker(void *p) {
  usleep(200 * 1000); // main has called pthread_exit by now
  pthread_mutex_lock(&M);
  ++Counter;
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  pthread_t T;
  pthread_create(&T, 0, worker, 0);
  pthread_detach(T);
  pthread_exit(0);
}
