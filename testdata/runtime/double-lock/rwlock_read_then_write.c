// The write side of an rwlock requested while holding its read side. A timed write
// lock keeps the test from hanging: it is still a blocking request, so it is
// reported, and the real call's ETIMEDOUT comes back unchanged.
// expect-count: double-lock 1
#include <errno.h>
#include <pthread.h>
#include <time.h>

int main(void) {
  pthread_rwlock_t rw;
  pthread_rwlock_init(&rw, 0);
  pthread_rwlock_rdlock(&rw);
  pthread_rwlock_rdlock(&rw); // a second read lock is fine
  pthread_rwlock_unlock(&rw);

  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_nsec += 20000000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000;
  }
  int rc = pthread_rwlock_timedwrlock(&rw, &ts);
  pthread_rwlock_unlock(&rw);
  pthread_rwlock_destroy(&rw);
  return rc == ETIMEDOUT ? 0 : 1;
}
