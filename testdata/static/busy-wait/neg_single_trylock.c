// NEGATIVE: maybe_compact() tries the cache lock once and skips the optional
// compaction when another thread holds it. There is no loop: nothing spins.
#include <pthread.h>

struct cache {
  pthread_mutex_t lock;
  int entries;
  int dead;
};

static void compact_locked(struct cache *c) {
  c->entries -= c->dead;
  c->dead = 0;
}

void maybe_compact(struct cache *c) {
  if (pthread_mutex_trylock(&c->lock) != 0)
    return;
  compact_locked(c);
  pthread_mutex_unlock(&c->lock);
}

void cache_evict(struct cache *c) {
  pthread_mutex_lock(&c->lock);
  c->dead++;
  pthread_mutex_unlock(&c->lock);
}
