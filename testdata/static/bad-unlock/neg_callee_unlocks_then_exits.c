// NEGATIVE: pbzip2's safe_cond_wait(). The wrapper unlocks the caller's mutex only on
// its error path, and that path then ends the process, through a helper without a
// noreturn attribute (cleanup_and_quit) or one declared noreturn (die). Back in the
// caller the mutex is still held, so its unlock is no bad unlock.
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

struct queue {
  pthread_mutex_t *mut;
  pthread_cond_t *not_full;
  int full;
};

static void cleanup_and_quit(int code) {
  fprintf(stderr, "fatal error, quitting\n");
  exit(code);
}

__attribute__((noreturn)) void die(const char *what);

static int safe_cond_wait(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  int ret = pthread_cond_wait(cond, mutex);
  if (ret != 0) {
    fprintf(stderr, "pthread_cond_wait: %d\n", ret);
    pthread_mutex_unlock(mutex);
    cleanup_and_quit(-8);
  }
  return ret;
}

static void safe_cond_wait_or_die(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  if (pthread_cond_wait(cond, mutex) != 0) {
    pthread_mutex_unlock(mutex);
    die("pthread_cond_wait");
  }
}

void producer(struct queue *q) {
  pthread_mutex_lock(q->mut);
  while (q->full)
    safe_cond_wait(q->not_full, q->mut);
  q->full = 1;
  pthread_mutex_unlock(q->mut);
}

void consumer(struct queue *q) {
  pthread_mutex_lock(q->mut);
  while (!q->full)
    safe_cond_wait_or_die(q->not_full, q->mut);
  q->full = 0;
  pthread_mutex_unlock(q->mut);
}
