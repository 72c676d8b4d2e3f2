// help=1 lists every option with its default on stderr; the program runs normally.
// options: help=1
// expect-stderr: exitcode=66
// expect-stderr: stack_depth=16
// expect-stderr: log_path=
// expect-stderr: verbosity=0
// expect-stderr: halt_on_error=0
#include <pthread.h>

int main(void) {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  pthread_mutex_lock(&m);
  pthread_mutex_unlock(&m);
  return 0;
}
