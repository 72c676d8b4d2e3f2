// NEGATIVE: move_a_to_b takes a then b, but every caller holds big_lock around the
// call; move_b_to_a takes b then a under big_lock too. The gate is the callers' lock,
// seen through the calling context.
#include <pthread.h>

static pthread_mutex_t big_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static int x, y;

static void move_a_to_b(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b);
  y += x;
  x = 0;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

void rebalance(void) {
  pthread_mutex_lock(&big_lock);
  move_a_to_b();
  pthread_mutex_unlock(&big_lock);
}

void move_b_to_a(void) {
  pthread_mutex_lock(&big_lock);
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  x += y;
  y = 0;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&big_lock);
}
