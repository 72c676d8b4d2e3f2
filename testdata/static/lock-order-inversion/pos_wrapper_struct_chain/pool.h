// A pool of reusable buffers (pigz's struct pool / struct space). The pool's `have`
// lock guards its free list; each space's `use` lock guards its reference count.
#ifndef POOL_H
#define POOL_H
#include "lockutil.h"
#include <stddef.h>

struct space;

struct pool {
  lock *have;          // guards head and made
  struct space *head;  // free list
  int made;
};

struct space {
  lock *use;           // use->value: references to this buffer
  struct pool *pool;   // the pool it returns to
  struct space *next;  // free-list link
  unsigned char buf[4096];
  size_t len;
};

void new_pool(struct pool *p, int count);
struct space *get_space(struct pool *p);
void drop_space(struct space *s);

#endif
