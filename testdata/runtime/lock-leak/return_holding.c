// A thread returns from its start routine holding a mutex.
// expect-count: lock-leak 1
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *p) {
  pthread_mutex_lock(&M);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return 0;
}
