// NEGATIVE: pthread_cond_wait releases the mutex while it waits and takes it back
// before returning. That re-acquisition is not a second lock of a held mutex. The wait
// is in a loop that re-checks its predicate, and the mutex is unlocked once.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t queue_nonempty = PTHREAD_COND_INITIALIZER;
static int queue_len;

int take(void) {
  pthread_mutex_lock(&queue_lock);
  while (queue_len == 0)
    pthread_cond_wait(&queue_nonempty, &queue_lock);
  queue_len--;
  pthread_mutex_unlock(&queue_lock);
  return 1;
}

void put(void) {
  pthread_mutex_lock(&queue_lock);
  queue_len++;
  pthread_cond_signal(&queue_nonempty);
  pthread_mutex_unlock(&queue_lock);
}
