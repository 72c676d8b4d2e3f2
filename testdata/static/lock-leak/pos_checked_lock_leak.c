// POSITIVE: the status of pthread_mutex_lock() is checked, which says nothing about the
// later error path: that one returns with the mutex held.
#include <pthread.h>

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

int counter_add(long n) {
  if (pthread_mutex_lock(&counter_lock) != 0)
    return -1;
  if (n < 0)
    return -2; // expect: lock-leak
  counter += n;
  pthread_mutex_unlock(&counter_lock);
  return 0;
}
