// Like gate_lock_negative, but one thread later takes A then B without the gate:
// now the cycle is real and is reported (once).
// expect-count: lock-order-inversion 1
#include <pthread.h>

static pthread_mutex_t G = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void lock2(pthread_mutex_t *x, pthread_mutex_t *y, int gated) {
  if (gated)
    pthread_mutex_lock(&G);
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
  if (gated)
    pthread_mutex_unlock(&G);
}

int main(void) {
  lock2(&A, &B, 1);
  lock2(&B, &A, 1);
  lock2(&A, &B, 0);
  return 0;
}
