// NEGATIVE: unbound's auth_zone_create(). The new zone is returned write-locked, as its
// contract says; when it cannot be inserted the lock is released and NULL returned. The
// result tells the caller whether it holds the lock: no leak, even with no caller in
// sight that releases it.
#define _POSIX_C_SOURCE 200809L
#include <pthread.h>
#include <stdlib.h>

struct zone {
  pthread_rwlock_t lock;
  int name;
};

int zone_tree_insert(struct zone *z);

struct zone *zone_create(int name) {
  struct zone *z = calloc(1, sizeof(*z));
  if (!z)
    return NULL;
  z->name = name;
  pthread_rwlock_init(&z->lock, NULL);
  pthread_rwlock_wrlock(&z->lock);
  if (!zone_tree_insert(z)) {
    pthread_rwlock_unlock(&z->lock);
    pthread_rwlock_destroy(&z->lock);
    free(z);
    return NULL;
  }
  return z;
}
