// NEGATIVE: double-checked initialization. The unlocked test is only a fast path;
// the test is repeated under cache_lock before the table is created, so a second
// first caller sees the other's table and creates none.
#include <pthread.h>
#include <stddef.h>
#include <stdlib.h>

struct table {
  int buckets[64];
};

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static struct table *cache;

static struct table *table_create(void) { return calloc(1, sizeof(struct table)); }

struct table *get_cache(void) {
  if (!cache) {
    pthread_mutex_lock(&cache_lock);
    if (!cache)
      cache = table_create();
    pthread_mutex_unlock(&cache_lock);
  }
  return cache;
}

void cache_drop(void) {
  pthread_mutex_lock(&cache_lock);
  free(cache);
  cache = NULL;
  pthread_mutex_unlock(&cache_lock);
}

static void *user(void *arg) {
  (void)arg;
  get_cache();
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, user, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  cache_drop();
  return 0;
}
