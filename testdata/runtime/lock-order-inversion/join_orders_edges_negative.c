// A worker takes m4 -> m5 and is joined; only then does main take m5 -> m4. The join
// orders the worker's whole life before main's second order, so the two orders can
// never overlap in time and cannot deadlock: not reported (TSan, Helgrind and lockdep
// all report it). Happens-before from pthread_create and pthread_join only.
// expect-count: lock-order-inversion 0
// static-expect: lock-order-inversion (`lockgraph check` does not order code by thread
// create and join: both orders are in one program)
#include <pthread.h>

static pthread_mutex_t m4 = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t m5 = PTHREAD_MUTEX_INITIALIZER;

static void *worker(void *p) {
  pthread_mutex_lock(&m4);
  pthread_mutex_lock(&m5);
  pthread_mutex_unlock(&m5);
  pthread_mutex_unlock(&m4);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  pthread_mutex_lock(&m5);
  pthread_mutex_lock(&m4);
  pthread_mutex_unlock(&m4);
  pthread_mutex_unlock(&m5);
  return 0;
}
