// NEGATIVE: loops on the shared stop flag whose bodies do real work each round: the
// dispatcher handles a request per iteration, and the stats timer sleeps five seconds
// and then publishes. Neither is waiting for the flag to change.
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>
#include <unistd.h>

static _Atomic int stop;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long handled;

void handle_next_request(void) {
  pthread_mutex_lock(&stats_lock);
  handled++;
  pthread_mutex_unlock(&stats_lock);
}

void publish_stats(void) {
  pthread_mutex_lock(&stats_lock);
  long n = handled;
  pthread_mutex_unlock(&stats_lock);
  printf("handled %ld\n", n);
}

void *dispatcher(void *arg) {
  while (!atomic_load(&stop))
    handle_next_request();
  return arg;
}

void *stats_timer(void *arg) {
  while (!atomic_load(&stop)) {
    sleep(5);
    publish_stats();
  }
  return arg;
}

int main(void) {
  pthread_t d, s;
  pthread_create(&d, NULL, dispatcher, NULL);
  pthread_create(&s, NULL, stats_timer, NULL);
  atomic_store(&stop, 1);
  pthread_join(d, NULL);
  pthread_join(s, NULL);
  return 0;
}
