// Unlocking an error-checking mutex this thread does not hold: reported, and the
// real EPERM is returned unchanged.
// expect-count: bad-unlock 1
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
  pthread_mutex_unlock(&m);
  int rc = pthread_mutex_unlock(&m); // second unlock
  pthread_mutex_destroy(&m);
  return rc == EPERM ? 0 : 1;
}
