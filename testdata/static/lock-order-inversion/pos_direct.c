// POSITIVE: the textbook inversion. log_flush() holds log_lock and then takes
// index_lock; index_rebuild() holds index_lock and then takes log_lock. Run together,
// each thread can hold one lock and wait forever for the other. The cycle has two edges
// (the inner lock calls); it is reported once, at the edge that comes first in the file.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t index_lock = PTHREAD_MUTEX_INITIALIZER;
static int log_pending;
static long index_generation;

static void *log_flush(void *arg) {
  (void)arg;
  pthread_mutex_lock(&log_lock);
  pthread_mutex_lock(&index_lock); // expect: lock-order-inversion
  log_pending = 0;
  index_generation++;
  pthread_mutex_unlock(&index_lock);
  pthread_mutex_unlock(&log_lock);
  return NULL;
}

static void *index_rebuild(void *arg) {
  (void)arg;
  pthread_mutex_lock(&index_lock);
  pthread_mutex_lock(&log_lock);
  index_generation++;
  log_pending = 1;
  pthread_mutex_unlock(&log_lock);
  pthread_mutex_unlock(&index_lock);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, log_flush, NULL);
  pthread_create(&t2, NULL, index_rebuild, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
