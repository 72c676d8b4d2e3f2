// C11 condition variables: cnd_wait releases its mtx_t while the thread waits and
// takes it again before returning (also cnd_timedwait on a timeout). The waiter
// holds M only around the wait and takes N after releasing M; meanwhile main takes
// N then M to signal. If the wait were not seen to release M, main's N -> M would
// meet a bogus held M, and the re-acquisition would look like a double-lock or the
// final unlock like a bad-unlock. Nothing is reported.
// expect-count: lock-order-inversion 0
// expect-count: double-lock 0
// expect-count: bad-unlock 0
#include <threads.h>
#include <time.h>

static mtx_t M, N;
static cnd_t CV;
static int Ready;

static int waiter(void *p) {
  (void)p;
  mtx_lock(&M);
  while (!Ready)
    cnd_wait(&CV, &M);
  mtx_unlock(&M);
  mtx_lock(&N);
  mtx_unlock(&N);
  return 0;
}

int main(void) {
  mtx_init(&M, mtx_plain);
  mtx_init(&N, mtx_plain);
  cnd_init(&CV);
  thrd_t t;
  thrd_create(&t, waiter, 0);
  mtx_lock(&N);
  mtx_lock(&M);
  Ready = 1;
  cnd_signal(&CV);
  mtx_unlock(&M);
  mtx_unlock(&N);
  thrd_join(t, 0);

  // A timed wait that times out returns with M held again.
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  ts.tv_nsec += 1000000;
  if (ts.tv_nsec >= 1000000000) {
    ts.tv_sec += 1;
    ts.tv_nsec -= 1000000000;
  }
  mtx_lock(&M);
  int rc = cnd_timedwait(&CV, &M, &ts);
  mtx_unlock(&M);
  cnd_destroy(&CV);
  mtx_destroy(&M);
  mtx_destroy(&N);
  return rc == thrd_timedout || rc == thrd_success ? 0 : 1;
}
