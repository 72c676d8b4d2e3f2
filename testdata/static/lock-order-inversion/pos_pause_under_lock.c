// POSITIVE: memcached's hash-expansion deadlock shape. The maintenance thread holds
// maintenance_lock and pauses the other threads by taking their locks in turn; the
// crawler holds crawler_lock and takes maintenance_lock through a helper. One finding:
// the longer cycles through the other pause locks are the same inversion.
#include <pthread.h>

static pthread_mutex_t maintenance_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t rebalance_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t lru_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t crawler_lock = PTHREAD_MUTEX_INITIALIZER;

static void pause_all(void) {
  pthread_mutex_lock(&rebalance_lock);
  pthread_mutex_lock(&lru_lock);
  pthread_mutex_lock(&crawler_lock);
}

static void resume_all(void) {
  pthread_mutex_unlock(&crawler_lock);
  pthread_mutex_unlock(&lru_lock);
  pthread_mutex_unlock(&rebalance_lock);
}

void *maintenance_thread(void *arg) {
  pthread_mutex_lock(&maintenance_lock);
  pause_all(); // expect: lock-order-inversion
  resume_all();
  pthread_mutex_unlock(&maintenance_lock);
  return arg;
}

static void get_iterator(void) { pthread_mutex_lock(&maintenance_lock); }
static void iterator_done(void) { pthread_mutex_unlock(&maintenance_lock); }

void *crawler_thread(void *arg) {
  pthread_mutex_lock(&crawler_lock);
  get_iterator();
  iterator_done();
  pthread_mutex_unlock(&crawler_lock);
  return arg;
}
