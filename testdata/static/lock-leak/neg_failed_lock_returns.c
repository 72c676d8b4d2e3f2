// NEGATIVE: when pthread_mutex_lock() reports an error the mutex is not held, so the
// early return on that branch leaks nothing; the other path unlocks.
#include <pthread.h>

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

int counter_add(long n) {
  if (pthread_mutex_lock(&counter_lock))
    return -1;
  counter += n;
  pthread_mutex_unlock(&counter_lock);
  return 0;
}

int counter_get(long *out) {
  int rc = pthread_mutex_lock(&counter_lock);
  if (rc != 0)
    return rc;
  *out = counter;
  pthread_mutex_unlock(&counter_lock);
  return 0;
}
