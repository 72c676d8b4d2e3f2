// POSITIVE: the job queue's consumers wait under `if` instead of `while`. A spurious
// wake-up, or the other consumer taking the job first (a stolen wake-up), lets a
// consumer go on with q_len == 0 and pop from an empty queue.
#include <pthread.h>
#include <stdint.h>
#include <stddef.h>

#define CAP 64

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_nonempty = PTHREAD_COND_INITIALIZER;
static int q_items[CAP];
static int q_len;

void q_push(int job) {
  pthread_mutex_lock(&q_lock);
  if (q_len < CAP) {
    q_items[q_len] = job;
    q_len = q_len + 1;
    pthread_cond_signal(&q_nonempty);
  }
  pthread_mutex_unlock(&q_lock);
}

void *consumer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&q_lock);
  if (q_len == 0)
    pthread_cond_wait(&q_nonempty, &q_lock); // expect: cond-wait-no-loop
  q_len = q_len - 1;
  int job = q_items[q_len];
  pthread_mutex_unlock(&q_lock);
  return (void *)(intptr_t)job;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, consumer, NULL);
  q_push(1);
  q_push(2);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}
