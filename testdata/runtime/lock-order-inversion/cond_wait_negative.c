// A waiter holds M only around the wait; while it waits, M is released, and the
// signaller takes N then M. The waiter takes N only after releasing M. No cycle,
// no bad-unlock after the wait (M is held again on return, also on a timeout).
// expect-count: lock-order-inversion 0
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t N = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t CV = PTHREAD_COND_INITIALIZER;
static int Ready;

static void *waiter(void *p) {
  pthread_mutex_lock(&M);
  while (!Ready)
    pthread_cond_wait(&CV, &M);
  pthread_mutex_unlock(&M);
  pthread_mutex_lock(&N);
  pthread_mutex_unlock(&N);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, waiter, 0);
  pthread_mutex_lock(&N);
  pthread_mutex_lock(&M);
  Ready = 1;
  pthread_cond_signal(&CV);
  pthread_mutex_unlock(&M);
  pthread_mutex_unlock(&N);
  pthread_join(t, 0);

  // A timed wait that times out returns with M held again.
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 1000000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000;
  }
  pthread_mutex_lock(&M);
  int rc = pthread_cond_timedwait(&CV, &M, &ts);
  pthread_mutex_unlock(&M);
  return rc == ETIMEDOUT || rc == 0 ? 0 : 1;
}
