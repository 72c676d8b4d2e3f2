// POSITIVE: unbound's trust anchors. The tree keeps anchors as `void *key`, so one
// function names an anchor's lock through a cast, `((struct anchor *)n->key)->lock`,
// and another as `a->lock`. Both are the lock of a struct anchor, and the two functions
// take it and the tree lock in opposite orders.
#include <pthread.h>

struct node {
  void *key;
  struct node *next;
};

struct anchor {
  pthread_mutex_t lock;
  int keys;
};

struct anchors {
  pthread_mutex_t lock;
  struct node *first;
};

void anchors_count(struct anchors *all) {
  pthread_mutex_lock(&all->lock);
  for (struct node *n = all->first; n; n = n->next) {
    pthread_mutex_lock(&((struct anchor *)n->key)->lock); // expect: lock-order-inversion
    ((struct anchor *)n->key)->keys++;
    pthread_mutex_unlock(&((struct anchor *)n->key)->lock);
  }
  pthread_mutex_unlock(&all->lock);
}

void anchor_revoke(struct anchor *a, struct anchors *all) {
  pthread_mutex_lock(&a->lock);
  a->keys = 0;
  pthread_mutex_lock(&all->lock);
  all->first = 0;
  pthread_mutex_unlock(&all->lock);
  pthread_mutex_unlock(&a->lock);
}
