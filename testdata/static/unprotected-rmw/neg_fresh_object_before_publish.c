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
  int *first_free;
  int slots[8];
};

static long total_pages;

struct engine *engine_init(int pages) {
  struct engine *e = calloc(1, sizeof(*e));
  if (!e)
    return NULL;
  if (pages < 0) {
    free(e); // an error path: freeing it hands nothing out
    return NULL;
  }
  pthread_mutex_init(&e->mutex, NULL); // nor does initializing its mutex
  for (int i = 0; i < pages; i++) {
    e->page_free++;
    e->page_count += 1;
  }
  e->first_free = &e->slots[0]; // an address kept inside the object itself
  total_pages += e->page_count;  // a number read out of it
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
