// POSITIVE, reported ONCE: queue_pop() in this header leaks q->mu when the queue is
// empty. jobs.c and events.c both include it, so two translation units contain the
// same function at the same line; lockgraph must report the leak once, here.
#ifndef QUEUE_H
#define QUEUE_H
#include <pthread.h>

struct queue {
  pthread_mutex_t mu;
  int items[64];
  int len;
};

static inline int queue_pop(struct queue *q, int *out) {
  pthread_mutex_lock(&q->mu);
  if (q->len == 0)
    return 0; // expect: lock-leak
  *out = q->items[--q->len];
  pthread_mutex_unlock(&q->mu);
  return 1;
}

#endif
