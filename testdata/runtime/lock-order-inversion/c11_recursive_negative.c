// C11 recursive mutexes (mtx_plain | mtx_recursive and mtx_timed | mtx_recursive)
// taken again by their owner, with mtx_lock, mtx_trylock and mtx_timedlock, while
// another mtx_t is held in between: R -> M, then re-entering R under M. Re-entry is
// no double-lock and records no M -> R edge, so a second thread's R -> M order makes
// no cycle. Nothing is reported. The two threads exist together (created before
// either locks, neither joined before the other is done), so only the re-entry rule
// explains the silence; a pthread_barrier_t (C11 has none; barriers are not
// happens-before edges for lockgraph) runs nested before forward.
// expect-count: lock-order-inversion 0
// expect-count: double-lock 0
// expect-count: bad-unlock 0
#include <pthread.h>
#include <threads.h>
#include <time.h>

static mtx_t R, RT, M;
static pthread_barrier_t Turn;

static int nested(void *p) {
  (void)p;
  int ok = 1;
  pthread_barrier_wait(&Turn); // both threads exist
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
  pthread_barrier_wait(&Turn); // forward's turn
  pthread_barrier_wait(&Turn); // until forward is done
  return ok ? 0 : 1;
}

static int forward(void *p) {
  (void)p;
  pthread_barrier_wait(&Turn);
  pthread_barrier_wait(&Turn);
  mtx_lock(&R);
  mtx_lock(&M);
  mtx_unlock(&M);
  mtx_unlock(&R);
  pthread_barrier_wait(&Turn);
  return 0;
}

int main(void) {
  mtx_init(&R, mtx_plain | mtx_recursive);
  mtx_init(&RT, mtx_timed | mtx_recursive);
  mtx_init(&M, mtx_plain);
  pthread_barrier_init(&Turn, 0, 2);
  thrd_t t1, t2;
  int r1 = -1, r2 = -1;
  thrd_create(&t1, nested, 0);
  thrd_create(&t2, forward, 0);
  thrd_join(t1, &r1);
  thrd_join(t2, &r2);
  pthread_barrier_destroy(&Turn);
  mtx_destroy(&R);
  mtx_destroy(&RT);
  mtx_destroy(&M);
  return r1 == 0 && r2 == 0 ? 0 : 1;
}
