// NEGATIVE: lock wrappers. queue_lock() and queue_find_locked() return with the
// queue's mutex held on EVERY path: that is their job, not a leak. Their callers
// release it (queue_unlock is an unlock wrapper).
#include <pthread.h>
#include <stddef.h>

struct queue {
  pthread_mutex_t mu;
  int items[16];
  int len;
};

void queue_lock(struct queue *q) { pthread_mutex_lock(&q->mu); }

void queue_unlock(struct queue *q) { pthread_mutex_unlock(&q->mu); }

// Returns the slot holding `item` (or NULL), with q->mu held either way.
int *queue_find_locked(struct queue *q, int item) {
  pthread_mutex_lock(&q->mu);
  for (int i = 0; i < q->len; i++)
    if (q->items[i] == item)
      return &q->items[i];
  return NULL;
}

int queue_contains(struct queue *q, int item) {
  int *slot = queue_find_locked(q, item);
  queue_unlock(q);
  return slot != NULL;
}

void queue_push(struct queue *q, int item) {
  queue_lock(q);
  if (q->len < 16)
    q->items[q->len++] = item;
  queue_unlock(q);
}
