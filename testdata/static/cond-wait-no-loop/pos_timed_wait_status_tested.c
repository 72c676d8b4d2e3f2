// POSITIVE: an unconditional timed wait whose status decides what happens next. On 0
// (signalled, or a spurious wake-up) the consumer takes an item without testing that
// there is one.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int items;

int take_within_a_second(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 1;
  pthread_mutex_lock(&mu);
  int taken = 0;
  if (pthread_cond_timedwait(&ready, &mu, &ts) == 0) { // expect: cond-wait-no-loop
    items--;
    taken = 1;
  }
  pthread_mutex_unlock(&mu);
  return taken;
}
