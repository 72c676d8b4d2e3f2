// halt_on_error=1: the process exits with exitcode right after the first report, so
// the double-lock that would follow is never reached.
// options: halt_on_error=1
// expect-count: lock-order-inversion 1
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A); // reported here; the process ends
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&B); // would be a bad-unlock
  return 0;
}
