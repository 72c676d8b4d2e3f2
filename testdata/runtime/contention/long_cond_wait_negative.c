// A consumer waits half a second on a condition variable for the producer's item:
// waiting for work, not for the lock, so it is no contention (the mutex itself is
// free while the consumer waits).
// expect-report-count: contention 0
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready = PTHREAD_COND_INITIALIZER;
static int items;

static void *consumer(void *arg) {
  (void)arg;
  for (int n = 0; n < 2; n++) {
    pthread_mutex_lock(&lock);
    while (items == 0)
      pthread_cond_wait(&ready, &lock);
    items--;
    pthread_mutex_unlock(&lock);
  }
  return NULL;
}

int main(void) {
  pthread_t c;
  pthread_create(&c, NULL, consumer, NULL);
  for (int n = 0; n < 2; n++) {
    struct timespec gap = {0, 250 * 1000000L};
    nanosleep(&gap, NULL);
    pthread_mutex_lock(&lock);
    items++;
    pthread_cond_signal(&ready);
    pthread_mutex_unlock(&lock);
  }
  pthread_join(c, NULL);
  printf("%d\n", items);
  return 0;
}
