// NEGATIVE: redis's bioWaitStepOfType(). It waits for one step of the background
// thread and returns the pending count read again after the wait: a spurious wake-up
// returns the count unchanged, and the caller, not this function, decides whether to
// wait again. Reading again what the branch tested is no use of a stale condition.
#include <pthread.h>

static pthread_mutex_t bio_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t bio_step = PTHREAD_COND_INITIALIZER;
static unsigned long long bio_pending;

unsigned long long wait_step(void) {
  unsigned long long val;
  pthread_mutex_lock(&bio_mutex);
  val = bio_pending;
  if (val != 0) {
    pthread_cond_wait(&bio_step, &bio_mutex);
    val = bio_pending;
  }
  pthread_mutex_unlock(&bio_mutex);
  return val;
}

void drain(void) {
  while (wait_step() != 0) {
  }
}

void step_done(void) {
  pthread_mutex_lock(&bio_mutex);
  bio_pending--;
  pthread_cond_broadcast(&bio_step);
  pthread_mutex_unlock(&bio_mutex);
}
