// POSITIVE: a condition wait gives its mutex up and takes it back while this thread
// still holds stats_lock: that re-acquisition is a stats_lock -> queue_lock order,
// against the queue_lock -> stats_lock order taken just before it.
#include <pthread.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_cond = PTHREAD_COND_INITIALIZER;
static int queue_len, waits;

void consume(void) {
  pthread_mutex_lock(&queue_lock);
  pthread_mutex_lock(&stats_lock); // expect: lock-order-inversion
  waits++;
  while (queue_len == 0)
    pthread_cond_wait(&queue_cond, &queue_lock); // expect: blocking-under-lock
  queue_len--;
  pthread_mutex_unlock(&stats_lock);
  pthread_mutex_unlock(&queue_lock);
}
