// POSITIVE: the same throttle shape, but here a time-out gives up and only a wake-up
// goes on to take an item: the status tells the two apart, so a spurious wake-up takes
// from an empty queue.
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <time.h>

struct queue {
  pthread_mutex_t mut;
  pthread_cond_t nonempty;
  int size;
  int items[64];
};

int dequeue_within_a_second(struct queue *q) {
  struct timespec t;
  int item = -1;
  pthread_mutex_lock(&q->mut);
  if (q->size == 0) {
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += 1;
    int err = pthread_cond_timedwait(&q->nonempty, &q->mut, &t); // expect: cond-wait-no-loop
    if (err == ETIMEDOUT) {
      pthread_mutex_unlock(&q->mut);
      return -1;
    }
  }
  item = q->items[--q->size];
  pthread_mutex_unlock(&q->mut);
  return item;
}
