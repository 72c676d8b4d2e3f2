// C11 threads: two mtx_t taken in opposite orders by two thrd_create'd threads, one
// after the other (thrd_join in between). glibc's mtx_lock calls its pthread code
// internally, past any pthread_mutex_lock interposer, so mtx_* must be intercepted
// themselves. The reverse order uses mtx_timedlock (a blocking request with a
// timeout: still a hold-and-wait) on an mtx_timed mutex. Reported once.
// expect-count: lock-order-inversion 1
#include <threads.h>
#include <time.h>

static mtx_t A, B;

static int ab(void *p) {
  (void)p;
  mtx_lock(&A);
  mtx_lock(&B);
  mtx_unlock(&B);
  mtx_unlock(&A);
  return 0;
}

static int ba(void *p) {
  (void)p;
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  ts.tv_sec += 5;
  mtx_lock(&B);
  int rc = mtx_timedlock(&A, &ts); // A is free: succeeds at once
  if (rc == thrd_success)
    mtx_unlock(&A);
  mtx_unlock(&B);
  return rc == thrd_success ? 0 : 1;
}

int main(void) {
  if (mtx_init(&A, mtx_timed) != thrd_success || mtx_init(&B, mtx_plain) != thrd_success)
    return 2;
  thrd_t t;
  int r1 = -1, r2 = -1;
  thrd_create(&t, ab, 0);
  thrd_join(t, &r1);
  thrd_create(&t, ba, 0);
  thrd_join(t, &r2);
  mtx_destroy(&A);
  mtx_destroy(&B);
  return r1 == 0 && r2 == 0 ? 0 : 1;
}
