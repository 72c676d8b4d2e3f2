// NEGATIVE: add_sample() branches on a local computed from its argument, not on
// shared state; the shared totals are written under stats_lock. Nothing checked can
// change between the test and the update.
#include <pthread.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long total;
static long samples;

void add_sample(int raw) {
  int scaled = raw * 4;
  if (scaled > 0) {
    pthread_mutex_lock(&stats_lock);
    total += scaled;
    samples++;
    pthread_mutex_unlock(&stats_lock);
  }
}

double mean(void) {
  pthread_mutex_lock(&stats_lock);
  double m = samples ? (double)total / (double)samples : 0.0;
  pthread_mutex_unlock(&stats_lock);
  return m;
}
