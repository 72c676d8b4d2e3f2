// Bad options cost one line each and nothing else: a trace_dir that cannot be created
// and a suppressions file that does not exist. The program runs, the inversion is
// still found and reported on stderr, and the exit code is still 66.
// options: trace_dir=/proc/lockgraph-no-such-dir:suppressions=%S/no_such_file.supp
// expect-count: lock-order-inversion 1
// expect-stderr: lockgraph: warning: no trace file in trace_dir '/proc/lockgraph-no-such-dir': 
// expect-stderr: ; continuing without one
// expect-stderr: no_such_file.supp
#include <pthread.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Turn; // runs ab first; not a happens-before edge for lockgraph

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_barrier_wait(&Turn);
  return p;
}

static void *ba(void *p) {
  pthread_barrier_wait(&Turn);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return p;
}

int main(void) {
  pthread_barrier_init(&Turn, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  pthread_barrier_destroy(&Turn);
  return 0;
}
