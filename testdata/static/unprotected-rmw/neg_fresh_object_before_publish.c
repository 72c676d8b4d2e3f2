// NEGATIVE: an object the function has just allocated is its own until it hands the
// pointer out (memcached's extstore_init, knot's online_sign_ctx_new). The counters are
// filled in without the engine's lock before `return e`; every other thread reaches the
// engine only after that, and takes the lock.
#include <pthread.h>
#include <stdlib.h>

struct engine {
  pthread_mutex_t mutex;
  int page_free;
  int page_count;
};

struct engine *engine_init(int pages) {
  struct engine *e = calloc(1, sizeof(*e));
  if (!e)
    return NULL;
  for (int i = 0; i < pages; i++) {
    e->page_free++;
    e->page_count += 1;
  }
  pthread_mutex_init(&e->mutex, NULL);
  return e;
}

void engine_take_page(struct engine *e) {
  pthread_mutex_lock(&e->mutex);
  e->page_free--;
  pthread_mutex_unlock(&e->mutex);
}

void engine_give_page(struct engine *e) {
  pthread_mutex_lock(&e->mutex);
  e->page_free++;
  pthread_mutex_unlock(&e->mutex);
}
