// NEGATIVE: the wait is followed by `goto retry`, a back edge to the test: the loop is
// written with a label, but the predicate is re-checked after every wake-up.
#include <pthread.h>

struct dispenser {
  pthread_mutex_t lock;
  pthread_cond_t refilled;
  int available;
  int next_ticket;
};

int take_ticket(struct dispenser *d) {
  pthread_mutex_lock(&d->lock);
retry:
  if (d->available == 0) {
    pthread_cond_wait(&d->refilled, &d->lock);
    goto retry;
  }
  d->available = d->available - 1;
  int t = d->next_ticket;
  d->next_ticket = t + 1;
  pthread_mutex_unlock(&d->lock);
  return t;
}

void refill(struct dispenser *d, int n) {
  pthread_mutex_lock(&d->lock);
  d->available = d->available + n;
  pthread_cond_broadcast(&d->refilled);
  pthread_mutex_unlock(&d->lock);
}
