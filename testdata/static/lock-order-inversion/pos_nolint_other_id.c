// POSITIVE: a NOLINT naming ANOTHER rule does not suppress this one. The inner lock in
// first() is marked NOLINT(lockgraph-double-lock), which says nothing about the
// lock-order inversion reported on that line.
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int shared_count;

void first(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b); // NOLINT(lockgraph-double-lock) // expect: lock-order-inversion
  shared_count++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

void second(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  shared_count--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}
