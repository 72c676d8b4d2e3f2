// A non-recursive mtx_t requested again by its owner. A plain mtx_lock would really
// self-deadlock (C11 has no error-checking type), so the second request is an
// mtx_timedlock with a 20 ms timeout on an mtx_timed mutex: still a blocking request
// by the owner, reported as a double-lock, and the real thrd_timedout comes back
// unchanged. An mtx_trylock by the owner returns thrd_busy and is not reported.
// expect-count: double-lock 1
#include <threads.h>
#include <time.h>

int main(void) {
  mtx_t m;
  if (mtx_init(&m, mtx_timed) != thrd_success)
    return 2;
  mtx_lock(&m);
  int busy = mtx_trylock(&m); // cannot wait: not a double-lock
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  ts.tv_nsec += 20000000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000;
  }
  int rc = mtx_timedlock(&m, &ts); // the owner again: double-lock
  mtx_unlock(&m);
  mtx_destroy(&m);
  return busy == thrd_busy && rc == thrd_timedout ? 0 : 1;
}
