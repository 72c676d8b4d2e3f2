// NEGATIVE: the consumer holds only q_lock when it waits on q_cond with q_lock. The
// wait releases that mutex while it sleeps, so the thread holds nothing while blocked.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static int q_items[16];
static int q_len;

int q_take(void) {
  pthread_mutex_lock(&q_lock);
  while (q_len == 0)
    pthread_cond_wait(&q_cond, &q_lock);
  q_len--;
  int v = q_items[q_len];
  pthread_mutex_unlock(&q_lock);
  return v;
}

void q_put(int v) {
  pthread_mutex_lock(&q_lock);
  if (q_len < 16) {
    q_items[q_len] = v;
    q_len++;
    pthread_cond_signal(&q_cond);
  }
  pthread_mutex_unlock(&q_lock);
}

static void *consumer(void *arg) {
  (void)arg;
  q_take();
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, consumer, NULL);
  q_put(1);
  pthread_join(t, NULL);
  return 0;
}
