// POSITIVE: a worker takes the next accepted connection, waiting at most timeout_ms.
// The timed wait sits under `if`: a spurious wake-up, or another worker taking the
// connection first, returns 0 (not ETIMEDOUT) and the worker pops from an empty queue.
#define _POSIX_C_SOURCE 200809L // clock_gettime under strict -std=c11
#include <errno.h>
#include <pthread.h>
#include <stddef.h>
#include <time.h>

struct conn_queue {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int fds[32];
  int count;
};

int conn_queue_pop(struct conn_queue *q, int timeout_ms) {
  struct timespec deadline;
  clock_gettime(CLOCK_REALTIME, &deadline);
  deadline.tv_sec += timeout_ms / 1000;
  deadline.tv_nsec += (timeout_ms % 1000) * 1000000L;
  if (deadline.tv_nsec >= 1000000000L) {
    deadline.tv_sec += 1;
    deadline.tv_nsec -= 1000000000L;
  }
  pthread_mutex_lock(&q->lock);
  if (q->count == 0) {
    if (pthread_cond_timedwait(&q->cond, &q->lock, &deadline) == ETIMEDOUT) { // expect: cond-wait-no-loop
      pthread_mutex_unlock(&q->lock);
      return -1;
    }
  }
  q->count = q->count - 1;
  int fd = q->fds[q->count];
  pthread_mutex_unlock(&q->lock);
  return fd;
}

void conn_queue_push(struct conn_queue *q, int fd) {
  pthread_mutex_lock(&q->lock);
  if (q->count < 32) {
    q->fds[q->count] = fd;
    q->count = q->count + 1;
    pthread_cond_signal(&q->cond);
  }
  pthread_mutex_unlock(&q->lock);
}

static struct conn_queue accepted = {PTHREAD_MUTEX_INITIALIZER, PTHREAD_COND_INITIALIZER, {0}, 0};

static void *worker(void *arg) {
  (void)arg;
  conn_queue_pop(&accepted, 500);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, worker, NULL);
  conn_queue_push(&accepted, 7);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}
