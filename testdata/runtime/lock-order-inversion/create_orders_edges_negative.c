// Main takes a -> b during start-up, then starts a thread that takes b -> a. The
// create orders main's a -> b before everything the thread does, so the two orders
// can never overlap in time and cannot deadlock: not reported. Main's later edges
// are not ordered before the thread: see create_join_concurrent.c.
// expect-count: lock-order-inversion 0
// static-expect: lock-order-inversion (`lockgraph check` does not order code by thread
// create and join: both orders are in one program)
#include <pthread.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;

static void *reverse(void *p) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  return p;
}

int main(void) {
  pthread_mutex_lock(&a); // start-up
  pthread_mutex_lock(&b);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
  pthread_t t;
  pthread_create(&t, 0, reverse, 0);
  pthread_join(t, 0);
  return 0;
}
