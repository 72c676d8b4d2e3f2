// NEGATIVE: a C11 <threads.h> mutex created recursive: mtx_init(&m, mtx_plain |
// mtx_recursive). cache_put() holds cache_mtx and calls cache_evict_one(), which
// locks it again; cache_clear() calls cache_evict_one() in a loop under the lock. The
// owner re-entering a recursive mutex is allowed; every lock has its unlock. No
// finding of any kind.
#include <stddef.h>
#include <threads.h>

#define CACHE_SLOTS 16

static mtx_t cache_mtx;
static int cache[CACHE_SLOTS];
static int cache_len;

static void cache_evict_one(void) {
  mtx_lock(&cache_mtx);
  if (cache_len > 0)
    cache_len--;
  mtx_unlock(&cache_mtx);
}

void cache_put(int v) {
  mtx_lock(&cache_mtx);
  if (cache_len == CACHE_SLOTS)
    cache_evict_one();
  cache[cache_len++] = v;
  mtx_unlock(&cache_mtx);
}

void cache_clear(void) {
  mtx_lock(&cache_mtx);
  while (cache_len > 0)
    cache_evict_one();
  mtx_unlock(&cache_mtx);
}

static int filler(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    cache_put(i);
  return 0;
}

static int cleaner(void *arg) {
  (void)arg;
  for (int i = 0; i < 10; i++)
    cache_clear();
  return 0;
}

int main(void) {
  thrd_t t1, t2;
  if (mtx_init(&cache_mtx, mtx_plain | mtx_recursive) != thrd_success)
    return 1;
  thrd_create(&t1, filler, NULL);
  thrd_create(&t2, cleaner, NULL);
  thrd_join(t1, NULL);
  thrd_join(t2, NULL);
  mtx_destroy(&cache_mtx);
  return 0;
}
