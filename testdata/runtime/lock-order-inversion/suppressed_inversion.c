// A real inversion suppressed by a suppressions file next to this case
// (suppressed_inversion.supp, passed with suppressions=%S/...; the harness replaces
// %S with this directory). Its glob matches the module path of the frames, i.e. this
// executable (rtcase__lock_order_inversion__suppressed_inversion). A function-name
// glob would not do here: the harness links without -rdynamic, so the executable's
// functions are not in its dynamic symbol table and dladdr cannot name them, even
// marked visibility("default"). Nothing is reported, and the exit code stays 0.
// options: suppressions=%S/suppressed_inversion.supp
// expect-count: lock-order-inversion 0
// expect-not-stderr: WARNING: lockgraph
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  return p;
}

static void *ba(void *p) {
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return p;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, 0, ab, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, ba, 0);
  pthread_join(t, 0);
  return 0;
}
