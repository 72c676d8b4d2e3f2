// NEGATIVE: pbzip2's timed-wait wrapper. On its error path it unlocks the caller's
// mutex first and only then reports the error through a helper that takes
// queue_mutex, and exits. queue_mutex is never taken while out_mutex is held, so
// there is only the order queue_mutex -> out_mutex (producer).
#include <pthread.h>
#include <stdlib.h>

static pthread_mutex_t out_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t queue_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t block_ready = PTHREAD_COND_INITIALIZER;
static int ready, error_flag, produced;

static void report_error(void) {
  pthread_mutex_lock(&queue_mutex);
  error_flag = 1;
  pthread_mutex_unlock(&queue_mutex);
}

static void wait_or_quit(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  if (pthread_cond_wait(cond, mutex) != 0) {
    pthread_mutex_unlock(mutex);
    report_error();
    exit(1);
  }
}

void wait_for_block(void) {
  pthread_mutex_lock(&out_mutex);
  while (!ready)
    wait_or_quit(&block_ready, &out_mutex);
  ready = 0;
  pthread_mutex_unlock(&out_mutex);
}

void producer(void) {
  pthread_mutex_lock(&queue_mutex);
  pthread_mutex_lock(&out_mutex);
  produced++;
  ready = 1;
  pthread_cond_signal(&block_ready);
  pthread_mutex_unlock(&out_mutex);
  pthread_mutex_unlock(&queue_mutex);
}
