// A real three-thread deadlock: Ti holds lock i and asks for lock i+1 (mod 3); a
// barrier makes all three hold their first lock first. One inversion report (the
// edge that closes the three-lock cycle), then the watchdog's deadlock report.
// expect-count: deadlock 1
// expect-count: lock-order-inversion 1
// expect-stderr: 3 threads wait for each other in a cycle
#include <pthread.h>

static pthread_mutex_t L[3] = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_MUTEX_INITIALIZER,
                               PTHREAD_MUTEX_INITIALIZER};
static pthread_barrier_t All;

static void *worker(void *p) {
  int i = (int)(long)p;
  pthread_mutex_lock(&L[i]);
  pthread_barrier_wait(&All);
  pthread_mutex_lock(&L[(i + 1) % 3]);
  pthread_mutex_unlock(&L[(i + 1) % 3]);
  pthread_mutex_unlock(&L[i]);
  return 0;
}

int main(void) {
  pthread_barrier_init(&All, 0, 3);
  pthread_t t[3];
  for (long i = 0; i < 3; ++i)
    pthread_create(&t[i], 0, worker, (void *)i);
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], 0);
  return 0;
}
