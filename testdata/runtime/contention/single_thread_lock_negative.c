// A lock only the main thread ever takes, a million times, while another thread runs:
// acquired often, never waited for.
// expect-report-count: contention 0
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;
static unsigned long cache[64];
static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static int stop;

static void *idle(void *arg) {
  (void)arg;
  pthread_mutex_lock(&stop_lock);
  while (!stop)
    pthread_cond_wait(&stop_cond, &stop_lock);
  pthread_mutex_unlock(&stop_lock);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, idle, NULL);
  for (unsigned long i = 0; i < 1000000; i++) {
    pthread_mutex_lock(&cache_lock);
    cache[i & 63] += i;
    pthread_mutex_unlock(&cache_lock);
  }
  pthread_mutex_lock(&stop_lock);
  stop = 1;
  pthread_cond_signal(&stop_cond);
  pthread_mutex_unlock(&stop_lock);
  pthread_join(t, NULL);
  printf("%lu\n", cache[1]);
  return 0;
}
