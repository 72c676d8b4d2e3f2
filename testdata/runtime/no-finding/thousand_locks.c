// One thread holds 1,000 mutexes at once (and a rwlock, a spinlock), always in the
// same order, twice. No fixed cap on held locks: no report, no crash, no hang.
// expect-count: lock-order-inversion 0
#include <pthread.h>
#include <stdlib.h>

#define N 1000

int main(void) {
  pthread_mutex_t *m = calloc(N, sizeof(pthread_mutex_t));
  for (int i = 0; i < N; ++i)
    pthread_mutex_init(&m[i], 0);
  for (int round = 0; round < 2; ++round) {
    for (int i = 0; i < N; ++i)
      pthread_mutex_lock(&m[i]);
    for (int i = N - 1; i >= 0; --i)
      pthread_mutex_unlock(&m[i]);
  }
  for (int i = 0; i < N; ++i)
    pthread_mutex_destroy(&m[i]);
  free(m);
  return 0;
}
