// POSITIVE (the whole directory is one program): the pool lock and the space locks are
// taken in both orders. get_space() holds the pool's `have` lock while it takes the
// chosen space's `use` lock (have -> use); drop_space() holds the space's `use` lock
// while it takes its pool's `have` lock through the back pointer s->pool
// (use -> have). A compressing thread taking a buffer and a writing thread dropping one
// can each hold one lock and wait for the other. Every lock here is a pigz-style
// `lock *` reached through a chain of struct fields and taken through the possess()
// wrapper, so the edges are the possess() CALLS made while the other lock is held:
// the possess(s->use) call in get_space() and the possess(s->pool->have) call in
// drop_space(). One cycle, one finding, at the edge that comes first by (file, line):
// get_space() is above drop_space() in this file, and lockutil.c / main.c form no edge.
#include "pool.h"
#include <stdlib.h>

void new_pool(struct pool *p, int count) {
  p->have = new_lock(0);
  p->head = NULL;
  p->made = 0;
  for (int i = 0; i < count; i++) {
    struct space *s = malloc(sizeof(struct space));
    if (s == NULL)
      abort();
    s->use = new_lock(0);
    s->pool = p;
    s->len = 0;
    s->next = p->head;
    p->head = s;
    p->made++;
  }
}

// Takes a free buffer off the pool's list (the pool is created with more buffers than
// there are threads, so the list is never empty) and marks it in use.
struct space *get_space(struct pool *p) {
  struct space *s;
  possess(p->have);
  s = p->head;
  possess(s->use); // expect: lock-order-inversion
  p->head = s->next;
  s->next = NULL;
  s->use->value = 1;
  s->len = 0;
  release(s->use);
  release(p->have);
  return s;
}

// Drops one reference; the last one puts the buffer back on its pool's free list.
void drop_space(struct space *s) {
  possess(s->use);
  s->use->value--;
  possess(s->pool->have);
  if (s->use->value == 0) {
    s->next = s->pool->head;
    s->pool->head = s;
  }
  release(s->pool->have);
  release(s->use);
}
