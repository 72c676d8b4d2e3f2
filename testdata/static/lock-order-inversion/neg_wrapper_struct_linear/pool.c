// NEGATIVE (the whole directory is one program; pos_wrapper_struct_chain is the same
// program with the inversion): the pool lock and the space locks are always taken in
// one order, the pool's `have` lock first. get_space() holds p->have while it takes the
// chosen space's `use` lock; drop_space() takes its pool's `have` lock through the back
// pointer s->pool BEFORE the space's `use` lock. Every possess() names its lock through
// a chain of struct fields of pigz-style `lock *` wrappers; the only order between them
// is have -> use, so there is no cycle.
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
  possess(s->use);
  p->head = s->next;
  s->next = NULL;
  s->use->value = 1;
  s->len = 0;
  release(s->use);
  release(p->have);
  return s;
}

// Drops one reference; the last one puts the buffer back on its pool's free list. The
// pool lock is taken first, as in get_space().
void drop_space(struct space *s) {
  possess(s->pool->have);
  possess(s->use);
  s->use->value--;
  if (s->use->value == 0) {
    s->next = s->pool->head;
    s->pool->head = s;
  }
  release(s->use);
  release(s->pool->have);
}
