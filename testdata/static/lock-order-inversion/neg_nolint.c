// NEGATIVE: two real inversions, both suppressed on the line where they would be
// reported: the first with NOLINT on that line, the second with NOLINTNEXTLINE on the
// line before it. (pos_nolint_other_id.c checks that the id in the comment matters.)
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t a = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t b = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t c = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t d = PTHREAD_MUTEX_INITIALIZER;
static int ab, cd;

// Known and accepted: ab_forward and ab_backward never run at the same time.
static void ab_forward(void) {
  pthread_mutex_lock(&a);
  pthread_mutex_lock(&b); // NOLINT(lockgraph-lock-order-inversion)
  ab++;
  pthread_mutex_unlock(&b);
  pthread_mutex_unlock(&a);
}

static void cd_forward(void) {
  pthread_mutex_lock(&c);
  // NOLINTNEXTLINE(lockgraph-lock-order-inversion)
  pthread_mutex_lock(&d);
  cd++;
  pthread_mutex_unlock(&d);
  pthread_mutex_unlock(&c);
}

static void ab_backward(void) {
  pthread_mutex_lock(&b);
  pthread_mutex_lock(&a);
  ab--;
  pthread_mutex_unlock(&a);
  pthread_mutex_unlock(&b);
}

static void cd_backward(void) {
  pthread_mutex_lock(&d);
  pthread_mutex_lock(&c);
  cd--;
  pthread_mutex_unlock(&c);
  pthread_mutex_unlock(&d);
}

void run_all(void) {
  ab_forward();
  cd_forward();
  ab_backward();
  cd_backward();
}
