// NEGATIVE: rsyslog's queue. A helper registered with pthread_cleanup_push() unlocks the
// queue mutex; pthread_cleanup_pop(1) runs it, so locking the mutex again afterwards is
// not a double lock.
#include <pthread.h>

struct queue {
  pthread_mutex_t *mut;
  pthread_cond_t not_empty;
  int count;
  int shutdown;
};

static void queue_mutex_cleanup(void *arg) {
  pthread_mutex_unlock((pthread_mutex_t *)arg);
}

void queue_drain(struct queue *q) {
  pthread_mutex_lock(q->mut);
  pthread_cleanup_push(queue_mutex_cleanup, q->mut);
  while (q->count == 0 && !q->shutdown)
    pthread_cond_wait(&q->not_empty, q->mut);
  pthread_cleanup_pop(1);

  pthread_mutex_lock(q->mut);
  q->count = 0;
  pthread_mutex_unlock(q->mut);
}
