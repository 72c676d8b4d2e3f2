// NEGATIVE: calling-context gates still land on the right edges when an earlier
// function's edge disappears. scan() nests two locks reached through global pointers
// (`cur->m` then `next->m`): both stand for the kind `struct node.m`, so the edge is a
// self-edge and is dropped. The two helpers below take X and Y in both orders, but are
// only ever called with `gate` held by their callers, so no cycle can close.
#include <pthread.h>
#include <stddef.h>

struct node {
  pthread_mutex_t m;
  int v;
};

static struct node *cur, *next;
static pthread_mutex_t gate = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t X = PTHREAD_MUTEX_INITIALIZER, Y = PTHREAD_MUTEX_INITIALIZER;

static void *scan(void *arg) {
  pthread_mutex_lock(&cur->m);
  pthread_mutex_lock(&next->m);
  next->v = cur->v;
  pthread_mutex_unlock(&next->m);
  pthread_mutex_unlock(&cur->m);
  return arg;
}

static void x_then_y(void) {
  pthread_mutex_lock(&X);
  pthread_mutex_lock(&Y);
  pthread_mutex_unlock(&Y);
  pthread_mutex_unlock(&X);
}

static void y_then_x(void) {
  pthread_mutex_lock(&Y);
  pthread_mutex_lock(&X);
  pthread_mutex_unlock(&X);
  pthread_mutex_unlock(&Y);
}

static void *one(void *arg) {
  pthread_mutex_lock(&gate);
  x_then_y();
  pthread_mutex_unlock(&gate);
  return arg;
}

static void *two(void *arg) {
  pthread_mutex_lock(&gate);
  y_then_x();
  pthread_mutex_unlock(&gate);
  return arg;
}

int main(void) {
  static struct node a = {PTHREAD_MUTEX_INITIALIZER, 1}, b = {PTHREAD_MUTEX_INITIALIZER, 2};
  cur = &a;
  next = &b;
  pthread_t t[3];
  pthread_create(&t[0], NULL, scan, NULL);
  pthread_create(&t[1], NULL, one, NULL);
  pthread_create(&t[2], NULL, two, NULL);
  for (int i = 0; i < 3; ++i)
    pthread_join(t[i], NULL);
  return 0;
}
