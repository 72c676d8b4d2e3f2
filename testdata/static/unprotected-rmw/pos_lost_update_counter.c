// POSITIVE: the lost update (seeds: `counter += 1` from several threads). Every worker
// bumps hits under stats_lock, but the reset path's `hits++` after a retry forgets it:
// two threads read 5, both write 6.
#include <pthread.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits, misses;

void record_hit(void) {
  pthread_mutex_lock(&stats_lock);
  hits++;
  pthread_mutex_unlock(&stats_lock);
}

void record_miss(void) {
  pthread_mutex_lock(&stats_lock);
  misses += 1;
  pthread_mutex_unlock(&stats_lock);
}

long snapshot(void) {
  pthread_mutex_lock(&stats_lock);
  long total = hits + misses;
  pthread_mutex_unlock(&stats_lock);
  return total;
}

void retry_after_miss(void) {
  hits++; // expect: unprotected-rmw
}
