// A program that ends with _exit(3) right after an inversion: _exit runs no atexit
// handlers or destructors, so the report must already be on stderr when the cycle
// closes (it is printed at once, not at exit), and the program's own exit code 3 is
// kept.
// expect-count: lock-order-inversion 1
// expect-exit: 3
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, ab, 0);
  pthread_join(t, 0);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  _exit(3); // still holding both
}
