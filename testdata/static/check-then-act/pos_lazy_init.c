// POSITIVE: get_cache() tests `cache` without cache_lock and creates it under the
// lock without testing again. Two first callers both see NULL and both create one:
// the first table is leaked and entries put into it are lost.
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
    cache = table_create(); // expect: check-then-act
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
