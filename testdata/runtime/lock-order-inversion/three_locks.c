// A->B, B->C, C->A in three threads: a cycle of length three.
// expect-count: lock-order-inversion 1
#include <pthread.h>

static pthread_mutex_t M[3] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                               PTHREAD_MUTEX_INITIALIZER};

static void *worker(void *p) {
  long i = (long)p;
  pthread_mutex_lock(&M[i]);
  pthread_mutex_lock(&M[(i + 1) % 3]);
  pthread_mutex_unlock(&M[(i + 1) % 3]);
  pthread_mutex_unlock(&M[i]);
  return 0;
}

int main(void) {
  for (long i = 0; i < 3; ++i) {
    pthread_t t;
    pthread_create(&t, 0, worker, (void *)i);
    pthread_join(t, 0);
  }
  return 0;
}
