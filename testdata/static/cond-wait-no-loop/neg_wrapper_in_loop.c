// NEGATIVE: wait_for_slot() only waits (its callers hold p->lock), and both of its
// callers call it inside a while loop that re-tests whether a slot is free. The
// un-looped wait in the wrapper is fine because every call of it is looped.
#include <pthread.h>

struct pool {
  pthread_mutex_t lock;
  pthread_cond_t slot_freed;
  int in_use;
  int size;
  int closed;
};

static void wait_for_slot(struct pool *p) { pthread_cond_wait(&p->slot_freed, &p->lock); }

void pool_get(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  while (p->in_use == p->size)
    wait_for_slot(p);
  p->in_use = p->in_use + 1;
  pthread_mutex_unlock(&p->lock);
}

int pool_get_unless_closed(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  while (p->in_use == p->size) {
    if (p->closed) {
      pthread_mutex_unlock(&p->lock);
      return -1;
    }
    wait_for_slot(p);
  }
  p->in_use = p->in_use + 1;
  pthread_mutex_unlock(&p->lock);
  return 0;
}

void pool_put(struct pool *p) {
  pthread_mutex_lock(&p->lock);
  p->in_use = p->in_use - 1;
  pthread_cond_signal(&p->slot_freed);
  pthread_mutex_unlock(&p->lock);
}
