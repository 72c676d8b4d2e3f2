// NEGATIVE: the reverse order is taken only with trylock. rebalance() holds disk_lock
// and merely TRIES cache_lock, backing off when it is busy, so it never waits while
// holding disk_lock: no hold-and-wait, no deadlock. A trylock gives no edge into the
// lock it tries.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t disk_lock = PTHREAD_MUTEX_INITIALIZER;
static int cached_pages, disk_writes;

static void *writeback(void *arg) {
  (void)arg;
  pthread_mutex_lock(&cache_lock);
  pthread_mutex_lock(&disk_lock);
  cached_pages--;
  disk_writes++;
  pthread_mutex_unlock(&disk_lock);
  pthread_mutex_unlock(&cache_lock);
  return NULL;
}

static void *rebalance(void *arg) {
  (void)arg;
  pthread_mutex_lock(&disk_lock);
  disk_writes++;
  if (pthread_mutex_trylock(&cache_lock) == 0) {
    cached_pages++;
    pthread_mutex_unlock(&cache_lock);
  }
  pthread_mutex_unlock(&disk_lock);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, writeback, NULL);
  pthread_create(&t2, NULL, rebalance, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
