// The fixed consumer: it waits on a condition variable for 300 ms; no polling.
// expect-count: busy-wait 0
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t ready_cond = PTHREAD_COND_INITIALIZER;
static int ready;

static void *producer(void *arg) {
  (void)arg;
  usleep(300 * 1000);
  pthread_mutex_lock(&lock);
  ready = 1;
  pthread_cond_signal(&ready_cond);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  pthread_mutex_lock(&lock);
  while (!ready)
    pthread_cond_wait(&ready_cond, &lock);
  pthread_mutex_unlock(&lock);
  pthread_join(t, NULL);
  puts("consumed");
  return 0;
}
