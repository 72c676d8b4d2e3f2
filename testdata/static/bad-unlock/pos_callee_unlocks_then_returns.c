// POSITIVE: the same wrapper as neg_callee_unlocks_then_exits.c, but its error path
// unlocks the caller's mutex and returns. The caller ignores the status and unlocks
// again: on that path the mutex is unlocked twice. Reported at the second unlock.
#include <pthread.h>
#include <stdio.h>

struct queue {
  pthread_mutex_t *mut;
  pthread_cond_t *not_full;
  int full;
};

static int cond_wait_or_give_up(pthread_cond_t *cond, pthread_mutex_t *mutex) {
  int ret = pthread_cond_wait(cond, mutex); // expect: cond-wait-no-loop
  if (ret != 0) {
    fprintf(stderr, "pthread_cond_wait: %d\n", ret);
    pthread_mutex_unlock(mutex);
  }
  return ret;
}

void producer(struct queue *q) {
  pthread_mutex_lock(q->mut);
  cond_wait_or_give_up(q->not_full, q->mut);
  q->full = 1;
  pthread_mutex_unlock(q->mut); // expect: bad-unlock
}
