// Not a deadlock: the wait-for cycle lasts 3 s (longer than deadlock_timeout), but
// one side waits with pthread_mutex_timedlock, gives up and releases its lock, so
// the other side proceeds. Timed waits are not put in the wait-for graph. The lock
// order A->B / B->A is still an inversion.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <time.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Both;

static void *timed(void *p) {
  pthread_mutex_lock(&A);
  pthread_barrier_wait(&Both); // static-expect: blocking-under-lock (held on purpose to stage the run)
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 3;
  if (pthread_mutex_timedlock(&B, &ts) == 0) // times out: B is held by the other
    pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

static void *blocking(void *p) {
  pthread_mutex_lock(&B);
  pthread_barrier_wait(&Both); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_lock(&A); // waits until the timed side gives up
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return p;
}

int main(void) {
  pthread_barrier_init(&Both, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, timed, 0);
  pthread_create(&t2, 0, blocking, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
