// NEGATIVE: every wait re-tests its predicate in a loop after it returns: a while
// loop, a do/while that waits for the next generation, and a for(;;) that breaks out
// once the predicate holds. Spurious and stolen wake-ups only cost another round.
#include <pthread.h>

struct ring {
  pthread_mutex_t lock;
  pthread_cond_t cond;
  int buf[16];
  int len;
  int generation;
  int closed;
};

int ring_take(struct ring *r) {
  pthread_mutex_lock(&r->lock);
  while (r->len == 0)
    pthread_cond_wait(&r->cond, &r->lock);
  r->len = r->len - 1;
  int v = r->buf[r->len];
  pthread_mutex_unlock(&r->lock);
  return v;
}

int ring_wait_next_generation(struct ring *r) {
  pthread_mutex_lock(&r->lock);
  int seen = r->generation;
  do {
    pthread_cond_wait(&r->cond, &r->lock);
  } while (r->generation == seen);
  int g = r->generation;
  pthread_mutex_unlock(&r->lock);
  return g;
}

int ring_take_or_closed(struct ring *r) {
  pthread_mutex_lock(&r->lock);
  for (;;) {
    if (r->len > 0)
      break;
    if (r->closed) {
      pthread_mutex_unlock(&r->lock);
      return -1;
    }
    pthread_cond_wait(&r->cond, &r->lock);
  }
  r->len = r->len - 1;
  int v = r->buf[r->len];
  pthread_mutex_unlock(&r->lock);
  return v;
}

void ring_put(struct ring *r, int v) {
  pthread_mutex_lock(&r->lock);
  if (r->len < 16) {
    r->buf[r->len] = v;
    r->len = r->len + 1;
  }
  r->generation = r->generation + 1;
  pthread_cond_broadcast(&r->cond);
  pthread_mutex_unlock(&r->lock);
}
