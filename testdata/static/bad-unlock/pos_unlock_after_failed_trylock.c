// POSITIVE: when the trylock fails the function jumps to the common exit, which unlocks
// a mutex this thread never took (the catalogue's own example for bad-unlock).
#include <pthread.h>

struct cache { pthread_mutex_t lock; long generation; };

void update(struct cache *c) {
  if (pthread_mutex_trylock(&c->lock) != 0)
    goto out;
  c->generation++;
out:
  pthread_mutex_unlock(&c->lock); // expect: bad-unlock
}
