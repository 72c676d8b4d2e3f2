// POSITIVE: a struct's counter is updated under the struct's own lock everywhere but in
// one function, which reaches it through a pointer parameter. Guards are inferred per
// record field: struct queue.length is guarded by struct queue.lock.
#include <pthread.h>

struct queue {
  pthread_mutex_t lock;
  int length;
  int head;
};

void push(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  q->length++;
  q->head = (q->head + 1) % 64;
  pthread_mutex_unlock(&q->lock);
}

void pop(struct queue *q) {
  pthread_mutex_lock(&q->lock);
  q->length--;
  pthread_mutex_unlock(&q->lock);
}

void drop_one(struct queue *q) {
  q->length = q->length - 1; // expect: unprotected-rmw
}
