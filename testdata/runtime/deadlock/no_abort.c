// abort_on_deadlock=0: the deadlock is reported once and the program keeps running;
// here main gives up after 4 s and calls exit(0), which becomes exitcode (66)
// because something was reported.
// options: abort_on_deadlock=0
// expect-count: deadlock 1
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <stdlib.h>
#include <unistd.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Both;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_barrier_wait(&Both);
  pthread_mutex_lock(&B);
  return p;
}

static void *ba(void *p) {
  pthread_mutex_lock(&B);
  pthread_barrier_wait(&Both);
  pthread_mutex_lock(&A);
  return p;
}

int main(void) {
  pthread_barrier_init(&Both, 0, 2);
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  sleep(4); // the watchdog reports at about 2.2 s and does not end the process
  exit(0);
}
