// POSITIVE: the same init wrapper shape as neg_recursive_init_wrapper.c, but it makes a
// default (non-recursive) mutex: locking it twice is a self-deadlock.
#include <pthread.h>
#include <stdlib.h>

typedef pthread_mutex_t my_mutex_t;

int my_mutex_init(my_mutex_t *mutex) { return pthread_mutex_init(mutex, NULL); }

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
  if (my_mutex_init(&mutex) != 0)
    return -1;
  my_mutex_lock(&mutex);
  my_mutex_lock(&mutex); // expect: double-lock
  my_mutex_unlock(&mutex);
  my_mutex_unlock(&mutex);
  pthread_mutex_destroy(&mutex);
  return 0;
}
