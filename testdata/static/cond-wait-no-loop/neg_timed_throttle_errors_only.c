// NEGATIVE: a producer that slows down for at most a second when the queue is above
// its mark (rsyslog's light-delay flow control). The status test only sorts out real
// errors: a time-out and a wake-up both skip it and enqueue, so a spurious wake-up is
// an early time-out, which the code handles anyway.
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>

struct queue {
  pthread_mutex_t mut;
  pthread_cond_t below_mark;
  int size;
  int light_delay_mark;
  int items[64];
};

void enqueue_throttled(struct queue *q, int item) {
  struct timespec t;
  pthread_mutex_lock(&q->mut);
  if (q->size >= q->light_delay_mark) {
    clock_gettime(CLOCK_REALTIME, &t);
    t.tv_sec += 1;
    int err = pthread_cond_timedwait(&q->below_mark, &q->mut, &t);
    if (err != 0 && err != ETIMEDOUT)
      fprintf(stderr, "throttle wait failed: %d\n", err);
  }
  if (q->size < 64)
    q->items[q->size++] = item;
  pthread_mutex_unlock(&q->mut);
}
