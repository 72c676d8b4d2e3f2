// The reverse order B->A is only ever taken with trylock: it cannot wait, so there
// is no hold-and-wait. Not reported. A later blocking lock taken while holding the
// trylocked lock still gets an edge from it (checked by the unit tests).
// expect-count: lock-order-inversion 0
#include <errno.h>
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

static void *ba_try(void *p) {
  pthread_mutex_lock(&B);
  if (pthread_mutex_trylock(&A) == 0)
    pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, ab, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, ba_try, 0);
  pthread_join(t, 0);
  return 0;
}
