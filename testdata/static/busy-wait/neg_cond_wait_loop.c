// NEGATIVE: the loop tests the shared `ready` flag, but its body blocks in
// pthread_cond_wait until the producer signals: the thread sleeps, it does not poll.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t changed = PTHREAD_COND_INITIALIZER;
static int ready;
static int result;

static void *producer(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  result = 42;
  ready = 1;
  pthread_cond_signal(&changed);
  pthread_mutex_unlock(&lock);
  return NULL;
}

int consume(void) {
  pthread_mutex_lock(&lock);
  while (!ready)
    pthread_cond_wait(&changed, &lock);
  int r = result;
  pthread_mutex_unlock(&lock);
  return r;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, producer, NULL);
  int r = consume();
  pthread_join(t, NULL);
  return r == 42 ? 0 : 1;
}
