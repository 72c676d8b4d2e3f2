// POSITIVE: the for-loop lock macro (xz's mythread_sync) unlocks only when the loop
// condition runs again. A `return` inside the body skips that: the mutex stays held.
// The same macro used without an early return (neg_sync_for_loop_macro.c) is fine;
// following the macro's loop variable must not hide this.
#include <pthread.h>

static void my_lock(pthread_mutex_t *m) { pthread_mutex_lock(m); }
static void my_unlock(pthread_mutex_t *m) { pthread_mutex_unlock(m); }

#define SYNC(m)                                                                          \
  for (unsigned i_ = 0; i_ ? (my_unlock(&(m)), 0) : (my_lock(&(m)), 1); i_ = 1)         \
    for (unsigned j_ = 0; !j_; j_ = 1)

struct queue {
  pthread_mutex_t m;
  int items;
};

static int take(struct queue *q) {
  SYNC(q->m) {
    if (q->items == 0)
      return -1; // expect: lock-leak
    q->items--;
  }
  return 0;
}

static struct queue Q = {PTHREAD_MUTEX_INITIALIZER, 1};

static void *worker(void *arg) {
  (void)arg;
  take(&Q);
  return 0;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  return 0;
}
