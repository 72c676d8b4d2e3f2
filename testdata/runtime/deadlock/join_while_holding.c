// A deadlock through pthread_join: main holds L and joins the worker, which waits for
// L. No lock-order cycle exists (one lock), so only the wait-for graph sees it: main
// waits for the worker to exit, the worker waits for main's lock. The watchdog reports
// it after deadlock_timeout and exits 66, naming the join.
// expect-count: deadlock 1
// expect-stderr: 2 threads wait for each other in a cycle
// expect-stderr: to exit (pthread_join)
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t L = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Started;

static void *worker(void *p) {
  pthread_barrier_wait(&Started); // main holds L from here on
  pthread_mutex_lock(&L);
  pthread_mutex_unlock(&L);
  return p;
}

int main(void) {
  pthread_barrier_init(&Started, 0, 2);
  pthread_t t;
  pthread_mutex_lock(&L);
  pthread_create(&t, 0, worker, 0);
  pthread_barrier_wait(&Started);
  pthread_join(t, 0); // never returns: the worker needs L
  pthread_mutex_unlock(&L);
  puts("not reached");
  return 0;
}
