// POSITIVE: a copy-paste slip: the second call should have been mtx_unlock. The
// function locks the counter's mutex twice on its only path (C11 plain mutexes are not
// recursive). It returns with the lock held on all paths, so it is not a lock-leak.
#include <threads.h>

struct counter {
  mtx_t mu;
  long value;
};

void counter_add(struct counter *c, long n) {
  mtx_lock(&c->mu);
  c->value += n;
  mtx_lock(&c->mu); // expect: double-lock
}
