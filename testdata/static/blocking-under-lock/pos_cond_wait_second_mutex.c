// POSITIVE: dispatch() waits on q_cond with q_lock while it also holds registry_lock.
// The wait releases only q_lock; post() needs registry_lock before it can queue and
// signal, so the dispatcher sleeps forever and blocks every registry user meanwhile.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t q_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static int handlers;
static int q_len;

int dispatch(void) {
  pthread_mutex_lock(&registry_lock);
  pthread_mutex_lock(&q_lock);
  while (q_len == 0)
    pthread_cond_wait(&q_cond, &q_lock); // expect: blocking-under-lock
  q_len--;
  int h = handlers;
  pthread_mutex_unlock(&q_lock);
  pthread_mutex_unlock(&registry_lock);
  return h;
}

void post(void) {
  pthread_mutex_lock(&registry_lock);
  handlers++;
  pthread_mutex_unlock(&registry_lock);
  pthread_mutex_lock(&q_lock);
  q_len++;
  pthread_cond_signal(&q_cond);
  pthread_mutex_unlock(&q_lock);
}

static void *dispatcher(void *arg) {
  (void)arg;
  dispatch();
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, dispatcher, NULL);
  post();
  pthread_join(t, NULL);
  return 0;
}
