// Eight threads allocate pairs of mutexes on the heap, use each pair in one order
// only (which one depends on the iteration), destroy and free them. malloc reuses the
// addresses with the roles swapped; lock generations keep the old edges apart, so
// nothing is reported.
// expect-count: lock-order-inversion 0
#include <pthread.h>
#include <stdlib.h>

static void *worker(void *p) {
  for (int i = 0; i < 2000; ++i) {
    pthread_mutex_t *x = malloc(sizeof *x);
    pthread_mutex_t *y = malloc(sizeof *y);
    pthread_mutex_init(x, 0);
    pthread_mutex_init(y, 0);
    pthread_mutex_t *first = (i & 1) ? y : x, *second = (i & 1) ? x : y;
    pthread_mutex_lock(first);
    pthread_mutex_lock(second);
    pthread_mutex_unlock(second);
    pthread_mutex_unlock(first);
    pthread_mutex_destroy(x);
    pthread_mutex_destroy(y);
    free((i & 2) ? x : y);
    free((i & 2) ? y : x);
  }
  return p;
}

int main(void) {
  pthread_t t[8];
  for (int i = 0; i < 8; ++i)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 8; ++i)
    pthread_join(t[i], 0);
  return 0;
}
