// NEGATIVE: libuv's and zstd's worker waits. Inside the loop, the code between the
// wait and the loop's test only counts idle threads, or recomputes the value the loop
// tests; every way out of the loop tests the condition again.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cond = PTHREAD_COND_INITIALIZER;
static int queued, idle_threads;
static int done[8], ndone;

int take_work(void) {
  pthread_mutex_lock(&mutex);
  while (queued == 0) {
    idle_threads += 1;
    pthread_cond_wait(&cond, &mutex);
    idle_threads -= 1;
  }
  queued--;
  pthread_mutex_unlock(&mutex);
  return 1;
}

static int *find_completed(void) { return ndone > 0 ? &done[--ndone] : NULL; }

int *next_completed(void) {
  pthread_mutex_lock(&mutex);
  int *job = find_completed();
  while (!job && queued > 0) {
    pthread_cond_wait(&cond, &mutex);
    job = find_completed();
  }
  pthread_mutex_unlock(&mutex);
  return job;
}
