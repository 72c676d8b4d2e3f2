// POSITIVE: a lock obtained with trylock can still be held while waiting for another.
// evictor() gets cache_lock with pthread_mutex_trylock and then BLOCKS on disk_lock:
// edge cache_lock -> disk_lock. flusher() holds disk_lock and blocks on cache_lock. If
// the trylock succeeds just before flusher takes disk_lock, both wait forever.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t disk_lock = PTHREAD_MUTEX_INITIALIZER;
static int cached_pages, disk_writes;

static void *evictor(void *arg) {
  (void)arg;
  if (pthread_mutex_trylock(&cache_lock) == 0) {
    pthread_mutex_lock(&disk_lock); // expect: lock-order-inversion
    cached_pages--;
    disk_writes++;
    pthread_mutex_unlock(&disk_lock);
    pthread_mutex_unlock(&cache_lock);
  }
  return NULL;
}

static void *flusher(void *arg) {
  (void)arg;
  pthread_mutex_lock(&disk_lock);
  pthread_mutex_lock(&cache_lock);
  disk_writes++;
  cached_pages++;
  pthread_mutex_unlock(&cache_lock);
  pthread_mutex_unlock(&disk_lock);
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, evictor, NULL);
  pthread_create(&t2, NULL, flusher, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
