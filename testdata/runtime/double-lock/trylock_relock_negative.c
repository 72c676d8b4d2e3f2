// trylock on a mutex the thread already holds cannot wait: it returns EBUSY. Not a
// double-lock.
// expect-count: double-lock 0
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&M);
  int rc = pthread_mutex_trylock(&M);
  pthread_mutex_unlock(&M);
  return rc == EBUSY ? 0 : 1;
}
