// NEGATIVE: interruptible_sleep() uses a timed wait as a sleep that stop() can cut
// short. Nothing shared is used after the wait (it unlocks and returns), and its only
// caller calls it inside the flusher's loop, which re-tests the stop flag.
#define _POSIX_C_SOURCE 200809L // clock_gettime under strict -std=c11
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t stop_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t stop_cond = PTHREAD_COND_INITIALIZER;
static int stop_requested;

static int stopping(void) {
  pthread_mutex_lock(&stop_lock);
  int s = stop_requested;
  pthread_mutex_unlock(&stop_lock);
  return s;
}

void interruptible_sleep(int secs) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += secs;
  pthread_mutex_lock(&stop_lock);
  pthread_cond_timedwait(&stop_cond, &stop_lock, &deadline);
  pthread_mutex_unlock(&stop_lock);
}

void stop(void) {
  pthread_mutex_lock(&stop_lock);
  stop_requested = 1;
  pthread_cond_broadcast(&stop_cond);
  pthread_mutex_unlock(&stop_lock);
}

static void *flusher(void *arg) {
  (void)arg;
  while (!stopping()) {
    fflush(stdout);
    interruptible_sleep(5);
  }
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, flusher, NULL);
  stop();
  pthread_join(t, NULL);
  return 0;
}
