// NEGATIVE: unbound's rrset cache. cache_lookup() locks the entry it finds and returns
// the key object that embeds it (`return e->key`), or NULL. load_one() unlocks it
// through the key, `k->entry.lock`: a longer name for one lock of the kind the callee
// took. After that unlock nothing is held, so the insert that follows orders nothing
// after the entry lock; the only order is bin lock -> entry lock.
// lockgraph-args: --include-may
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stddef.h>

struct entry {
  pthread_rwlock_t lock;
  void *key;
};

struct rrset_key {
  struct entry entry;
  int id;
};

struct table {
  pthread_mutex_t bin_lock;
  struct entry *slots[64];
};

static void table_insert(struct table *t, struct entry *e, int h) {
  pthread_mutex_lock(&t->bin_lock);
  pthread_rwlock_wrlock(&e->lock);
  t->slots[h % 64] = e;
  pthread_rwlock_unlock(&e->lock);
  pthread_mutex_unlock(&t->bin_lock);
}

static struct rrset_key *cache_lookup(struct table *t, int h) {
  struct entry *e = t->slots[h % 64];
  if (e == NULL)
    return NULL;
  pthread_rwlock_rdlock(&e->lock);
  return (struct rrset_key *)e->key;
}

int load_one(struct table *t, struct entry *fresh, int h, int *ids) {
  struct rrset_key *k = cache_lookup(t, h);
  if (k == NULL)
    return 0;
  ids[h % 64] = k->id;
  pthread_rwlock_unlock(&k->entry.lock);
  table_insert(t, fresh, h + 1);
  return 1;
}
