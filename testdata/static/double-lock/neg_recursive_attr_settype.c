// For PTHREAD_MUTEX_RECURSIVE under -std=c11 (strict ISO C hides the X/Open names).
#define _XOPEN_SOURCE 700
// NEGATIVE: pthread mutexes made recursive at run time, the portable way: a
// pthread_mutexattr_t is set to PTHREAD_MUTEX_RECURSIVE with pthread_mutexattr_settype()
// and passed to pthread_mutex_init(). registry_lock (a global) and node.m (a struct
// field, initialized in node_init()) are both recursive, so a thread that holds one may
// take it again: registry_add() calls registry_count(), which locks registry_lock again;
// registry_reserve() takes it twice in a row and releases it twice; node_update() calls
// node_touch(), which locks n->m again. Each unlock matches one lock, nothing leaks. No
// finding of any kind.
#include <pthread.h>
#include <stddef.h>

struct node {
  pthread_mutex_t m;
  int touched;
  int value;
};

static pthread_mutex_t registry_lock;
static int registry_entries;

static void registry_init(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&registry_lock, &attr);
  pthread_mutexattr_destroy(&attr);
}

void node_init(struct node *n) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_RECURSIVE);
  pthread_mutex_init(&n->m, &attr);
  pthread_mutexattr_destroy(&attr);
  n->touched = 0;
  n->value = 0;
}

static int registry_count(void) {
  int count;
  pthread_mutex_lock(&registry_lock);
  count = registry_entries;
  pthread_mutex_unlock(&registry_lock);
  return count;
}

int registry_add(void) {
  int id;
  pthread_mutex_lock(&registry_lock);
  id = registry_count();
  registry_entries = id + 1;
  pthread_mutex_unlock(&registry_lock);
  return id;
}

void registry_reserve(int n) {
  pthread_mutex_lock(&registry_lock);
  pthread_mutex_lock(&registry_lock);
  registry_entries += n;
  pthread_mutex_unlock(&registry_lock);
  pthread_mutex_unlock(&registry_lock);
}

static void node_touch(struct node *n) {
  pthread_mutex_lock(&n->m);
  n->touched++;
  pthread_mutex_unlock(&n->m);
}

void node_update(struct node *n, int value) {
  pthread_mutex_lock(&n->m);
  n->value = value;
  node_touch(n);
  pthread_mutex_unlock(&n->m);
}

static struct node root;

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++) {
    node_update(&root, registry_add());
    registry_reserve(2);
  }
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  registry_init();
  node_init(&root);
  pthread_create(&t1, NULL, worker, NULL);
  pthread_create(&t2, NULL, worker, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
