// NEGATIVE: memcached's extstore_submit. The queue is found through a helper into a
// local pointer, then locked and updated: `t->depth` under `t->mutex`, both named by
// record and field (struct io_thread), the lock and the data alike.
#include <pthread.h>

struct io_thread {
  pthread_mutex_t mutex;
  int depth;
};

static struct io_thread threads[4];

static struct io_thread *pick(int key) { return &threads[key & 3]; }

void submit(int key, int n) {
  struct io_thread *t = pick(key);
  pthread_mutex_lock(&t->mutex);
  t->depth += n;
  pthread_mutex_unlock(&t->mutex);
}

void complete(struct io_thread *t) {
  pthread_mutex_lock(&t->mutex);
  t->depth--;
  pthread_mutex_unlock(&t->mutex);
}
