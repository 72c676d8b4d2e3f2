// C11 recursive mutexes (mtx_plain | mtx_recursive and mtx_timed | mtx_recursive)
// taken again by their owner, with mtx_lock, mtx_trylock and mtx_timedlock, while
// another mtx_t is held in between: R -> M, then re-entering R under M. Re-entry is
// no double-lock and records no M -> R edge, so a second thread's R -> M order makes
// no cycle. Nothing is reported.
// expect-count: lock-order-inversion 0
// expect-count: double-lock 0
// expect-count: bad-unlock 0
#include <threads.h>
#include <time.h>

static mtx_t R, RT, M;

static int nested(void *p) {
  (void)p;
  int ok = 1;
  mtx_lock(&R);
  mtx_lock(&M);
  mtx_lock(&R); // re-entry under M: not M -> R
  if (mtx_trylock(&R) != thrd_success)
    ok = 0;
  mtx_unlock(&R);
  mtx_unlock(&R);
  mtx_unlock(&M);
  mtx_unlock(&R);

  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  ts.tv_sec += 5;
  for (int i = 0; i < 4; ++i)
    if (mtx_timedlock(&RT, &ts) != thrd_success)
      ok = 0;
  for (int i = 0; i < 4; ++i)
    mtx_unlock(&RT);
  return ok ? 0 : 1;
}

static int forward(void *p) {
  (void)p;
  mtx_lock(&R);
  mtx_lock(&M);
  mtx_unlock(&M);
  mtx_unlock(&R);
  return 0;
}

int main(void) {
  mtx_init(&R, mtx_plain | mtx_recursive);
  mtx_init(&RT, mtx_timed | mtx_recursive);
  mtx_init(&M, mtx_plain);
  thrd_t t;
  int r1 = -1, r2 = -1;
  thrd_create(&t, nested, 0);
  thrd_join(t, &r1);
  thrd_create(&t, forward, 0);
  thrd_join(t, &r2);
  mtx_destroy(&R);
  mtx_destroy(&RT);
  mtx_destroy(&M);
  return r1 == 0 && r2 == 0 ? 0 : 1;
}
