// A flusher that wakes every 100 ms and does its work: a periodic timer, not a poll
// (its sleeps are at least busy_wait_interval_ms long).
// expect-count: busy-wait 0
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static int pending, flushed;

int main(void) {
  for (int round = 0; round < 6; round++) {
    struct timespec period = {0, 100 * 1000000L};
    nanosleep(&period, NULL);
    pthread_mutex_lock(&log_lock);
    flushed += pending;
    pending = 0;
    pthread_mutex_unlock(&log_lock);
  }
  printf("%d\n", flushed);
  return 0;
}
