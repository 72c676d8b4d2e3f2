// POSITIVE: the early-exit path unlocks, but the function falls off its end with the
// lock still held. There is no return statement to blame, so it is reported at the
// closing brace.
#include <pthread.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static int cache_hits, cache_enabled;

void cache_hit(void) {
  pthread_mutex_lock(&cache_lock);
  if (!cache_enabled) {
    pthread_mutex_unlock(&cache_lock);
    return;
  }
  cache_hits++;
} // expect: lock-leak
