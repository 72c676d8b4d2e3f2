// Create and join order only what they order. Worker W1 takes a -> b; main creates W2
// (which takes b -> a) before joining W1, so W1's order and W2's could overlap: that
// inversion is reported. Main's own order c -> d comes after it created W3 and
// before it joins W3, which takes d -> c: those overlap too, reported. Main's e -> f
// is taken after W3 is joined and W3's f -> e before: ordered, not reported. A
// barrier (not a happens-before edge for lockgraph) makes each pair run in turn.
// expect-count: lock-order-inversion 2
// expect-stderr: W2
// expect-stderr: W3
#define _GNU_SOURCE
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER, b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER, d = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t e = PTHREAD_MUTEX_INITIALIZER, f = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Turn;

static void take(pthread_mutex_t *x, pthread_mutex_t *y) {
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
}

static void *w1(void *p) {
  take(&a, &b);
  pthread_barrier_wait(&Turn); // a -> b taken: W2's turn
  return p;
}

static void *w2(void *p) {
  pthread_setname_np(pthread_self(), "W2");
  pthread_barrier_wait(&Turn);
  take(&b, &a);
  return p;
}

static void *w3(void *p) {
  pthread_setname_np(pthread_self(), "W3");
  pthread_barrier_wait(&Turn); // main's c -> d taken
  take(&d, &c);
  take(&f, &e);
  return p;
}

int main(void) {
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2, t3;
  pthread_create(&t1, 0, w1, 0);
  pthread_create(&t2, 0, w2, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);

  pthread_create(&t3, 0, w3, 0);
  take(&c, &d);
  pthread_barrier_wait(&Turn); // W3's turn
  pthread_join(t3, 0);
  take(&e, &f);
  pthread_barrier_destroy(&Turn);
  return 0;
}
