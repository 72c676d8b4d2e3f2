// NEGATIVE: libuv's uv_mutex_init_recursive(). The attribute is set in a wrapper that
// initializes whatever mutex its caller passes; the caller's mutex is recursive, so
// locking it twice is fine.
#define _GNU_SOURCE
#include <pthread.h>
#include <stdlib.h>

typedef pthread_mutex_t my_mutex_t;

int my_mutex_init_recursive(my_mutex_t *mutex) {
  pthread_mutexattr_t attr;
  if (pthread_mutexattr_init(&attr))
    abort();
  if (pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE))
    abort();
  int err = pthread_mutex_init(mutex, &attr);
  pthread_mutexattr_destroy(&attr);
  return err;
}

void my_mutex_lock(my_mutex_t *mutex) {
  if (pthread_mutex_lock(mutex))
    abort();
}

void my_mutex_unlock(my_mutex_t *mutex) {
  if (pthread_mutex_unlock(mutex))
    abort();
}

int reenter(void) {
  my_mutex_t mutex;
  if (my_mutex_init_recursive(&mutex) != 0)
    return -1;
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex);
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  pthread_mutex_destroy(&mutex);
  return 0;
}
