// NEGATIVE: a test that a signal sent with no waiter is lost (apr's testcond
// lost_signal). The timed wait runs unconditionally and nothing tests its status: a
// spurious wake-up is the same as an early time-out, which the code treats alike.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <time.h>

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int result;

static void record(int rv) { result = rv; }

void lost_signal(void) {
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 1;
  pthread_cond_signal(&cv);
  pthread_mutex_lock(&mu);
  int rv = pthread_cond_timedwait(&cv, &mu, &ts);
  pthread_mutex_unlock(&mu);
  record(rv);
}
