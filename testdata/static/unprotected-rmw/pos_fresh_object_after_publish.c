// POSITIVE: the same engine, but the update comes after the object was published in a
// global: from then on other threads can reach it, and they update page_free under the
// lock.
#include <pthread.h>
#include <stdlib.h>

struct engine {
  pthread_mutex_t mutex;
  int page_free;
};

struct engine *current;

void engine_start(void) {
  struct engine *e = calloc(1, sizeof(*e));
  pthread_mutex_init(&e->mutex, NULL);
  current = e;
  e->page_free++; // expect: unprotected-rmw
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
