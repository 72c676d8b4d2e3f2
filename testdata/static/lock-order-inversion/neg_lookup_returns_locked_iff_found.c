// NEGATIVE: unbound's lruhash. table_lookup() returns the entry it finds locked, or
// NULL with nothing locked; cache_lookup() passes that on. cache_update() unlocks a
// found entry on its own branch, so on the NULL branch, where it goes on to insert,
// it holds no entry lock. The only order is bin lock -> entry lock (table_insert,
// table_reclaim); there is no entry lock -> bin lock, not even a maybe one (the
// comparison is with NULL, which C spells ((void *)0)).
// lockgraph-args: --include-may
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>

struct entry {
  pthread_rwlock_t lock;
  struct entry *next;
  int key, data;
};

struct bin {
  pthread_mutex_t lock;
  struct entry *first;
};

struct table {
  struct bin bins[16];
};

static struct entry *bin_find(struct bin *b, int key) {
  for (struct entry *e = b->first; e; e = e->next)
    if (e->key == key)
      return e;
  return NULL;
}

struct entry *table_lookup(struct table *t, int key, int wr) {
  struct bin *b = &t->bins[key & 15];
  struct entry *e;
  pthread_mutex_lock(&b->lock);
  if ((e = bin_find(b, key))) {
    if (wr)
      pthread_rwlock_wrlock(&e->lock);
    else
      pthread_rwlock_rdlock(&e->lock);
  }
  pthread_mutex_unlock(&b->lock);
  return e;
}

struct entry *cache_lookup(struct table *t, int key) { return table_lookup(t, key, 0); }

void table_insert(struct table *t, struct entry *n) {
  struct bin *b = &t->bins[n->key & 15];
  pthread_mutex_lock(&b->lock);
  pthread_rwlock_wrlock(&n->lock);
  n->next = b->first;
  b->first = n;
  pthread_rwlock_unlock(&n->lock);
  pthread_mutex_unlock(&b->lock);
}

void table_reclaim(struct table *t, int key) {
  struct bin *b = &t->bins[key & 15];
  pthread_mutex_lock(&b->lock);
  struct entry *e = b->first;
  if (e) {
    pthread_rwlock_wrlock(&e->lock);
    b->first = e->next;
    pthread_rwlock_unlock(&e->lock);
  }
  pthread_mutex_unlock(&b->lock);
}

int cache_update(struct table *t, struct entry *fresh) {
  struct entry *e;
  if ((e = cache_lookup(t, fresh->key)) != NULL) {
    int same = e->data == fresh->data;
    pthread_rwlock_unlock(&e->lock);
    if (same)
      return 1;
  }
  table_insert(t, fresh);
  return 0;
}

void cache_load(struct table *t, struct entry **items, int n) {
  for (int i = 0; i < n; i++)
    if (!cache_update(t, items[i]))
      table_reclaim(t, items[i]->key);
}
