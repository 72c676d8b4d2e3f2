// An error-checking mutex locked again by its owner: reported before the call, and
// the real EDEADLK is returned unchanged.
// expect-count: double-lock 1
#include <errno.h>
#include <pthread.h>

int main(void) {
  pthread_mutex_t m;
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&m, &attr);
  pthread_mutexattr_destroy(&attr);

  pthread_mutex_lock(&m);
  int rc = pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  pthread_mutex_destroy(&m);
  return rc == EDEADLK ? 0 : 1;
}
