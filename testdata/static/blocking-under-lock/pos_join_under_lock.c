// POSITIVE: pool_shutdown() joins the workers while holding p->lock. A worker woken
// by the broadcast must re-acquire p->lock to leave pthread_cond_wait, which it never
// gets: the join waits forever.
#include <pthread.h>
#include <stddef.h>

struct pool {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  pthread_t threads[4];
  int jobs;
  int stop;
};

static void *worker(void *arg) {
  struct pool *p = arg;
  pthread_mutex_lock(&p->lock);
  while (p->jobs == 0 && !p->stop)
    pthread_cond_wait(&p->cond, &p->lock);
  if (p->jobs > 0)
    p->jobs--;
  pthread_mutex_unlock(&p->lock);
  return NULL;
}

void pool_start(struct pool *p) {
  for (int i = 0; i < 4; i++)
    pthread_create(&p->threads[i], NULL, worker, p);
}

void pool_shutdown(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  p->stop = 1;
  pthread_cond_broadcast(&p->cond);
  for (int i = 0; i < 4; i++)
    pthread_join(p->threads[i], NULL); // expect: blocking-under-lock
  pthread_mutex_unlock(&p->lock);
}
