// C11 threads: two mtx_t taken in opposite orders by two thrd_create'd threads. glibc's
// mtx_lock calls its pthread code internally, past any pthread_mutex_lock interposer,
// so mtx_* must be intercepted themselves. The reverse order uses mtx_timedlock (a
// blocking request with a timeout: still a hold-and-wait) on an mtx_timed mutex. Both
// threads are created before either takes its order and neither is joined before the
// other has taken its own; C11 has no barrier, so a pthread_barrier_t (a thrd_t is a
// pthread in glibc; barriers are not happens-before edges for lockgraph) makes ab go
// first and nothing blocks. Reported once.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <threads.h>
#include <time.h>

static mtx_t A, B;
static pthread_barrier_t Turn;

static int ab(void *p) {
  (void)p;
  pthread_barrier_wait(&Turn); // both threads exist
  mtx_lock(&A);
  mtx_lock(&B);
  mtx_unlock(&B);
  mtx_unlock(&A);
  pthread_barrier_wait(&Turn); // A -> B taken: ba's turn
  pthread_barrier_wait(&Turn); // until ba has taken B -> A
  return 0;
}

static int ba(void *p) {
  (void)p;
  pthread_barrier_wait(&Turn);
  pthread_barrier_wait(&Turn);
  struct timespec ts;
  timespec_get(&ts, TIME_UTC);
  ts.tv_sec += 5;
  mtx_lock(&B);
  int rc = mtx_timedlock(&A, &ts); // A is free: succeeds at once
  if (rc == thrd_success)
    mtx_unlock(&A);
  mtx_unlock(&B);
  pthread_barrier_wait(&Turn);
  return rc == thrd_success ? 0 : 1;
}

int main(void) {
  if (mtx_init(&A, mtx_timed) != thrd_success || mtx_init(&B, mtx_plain) != thrd_success)
    return 2;
  pthread_barrier_init(&Turn, 0, 2);
  thrd_t t1, t2;
  int r1 = -1, r2 = -1;
  thrd_create(&t1, ab, 0);
  thrd_create(&t2, ba, 0);
  thrd_join(t1, &r1);
  thrd_join(t2, &r2);
  pthread_barrier_destroy(&Turn);
  mtx_destroy(&A);
  mtx_destroy(&B);
  return r1 == 0 && r2 == 0 ? 0 : 1;
}
