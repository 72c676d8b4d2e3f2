// POSITIVE: a cycle of three locks, no two of which are inverted directly:
// session -> cache (login), cache -> disk (evict), disk -> session (expire).
// Three threads, each holding one lock and waiting for the next, deadlock. The cycle is
// reported once, at its first edge in the file (the cache lock in login()).
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t session_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t disk_lock = PTHREAD_MUTEX_INITIALIZER;
static int sessions, cached, dirty_pages;

static void *login(void *arg) {
  (void)arg;
  pthread_mutex_lock(&session_lock);
  pthread_mutex_lock(&cache_lock); // expect: lock-order-inversion
  sessions++;
  cached++;
  pthread_mutex_unlock(&cache_lock);
  pthread_mutex_unlock(&session_lock);
  return NULL;
}

static void *evict(void *arg) {
  (void)arg;
  pthread_mutex_lock(&cache_lock);
  pthread_mutex_lock(&disk_lock);
  cached--;
  dirty_pages++;
  pthread_mutex_unlock(&disk_lock);
  pthread_mutex_unlock(&cache_lock);
  return NULL;
}

static void *expire(void *arg) {
  (void)arg;
  pthread_mutex_lock(&disk_lock);
  pthread_mutex_lock(&session_lock);
  dirty_pages--;
  sessions--;
  pthread_mutex_unlock(&session_lock);
  pthread_mutex_unlock(&disk_lock);
  return NULL;
}

int main(void) {
  pthread_t t[3];
  pthread_create(&t[0], NULL, login, NULL);
  pthread_create(&t[1], NULL, evict, NULL);
  pthread_create(&t[2], NULL, expire, NULL);
  for (int i = 0; i < 3; i++)
    pthread_join(t[i], NULL);
  return 0;
}
