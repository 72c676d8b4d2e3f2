// Joining a thread while holding a lock the thread never takes, and joining a thread
// that takes the lock only after the joiner released it: no deadlock, nothing reported.
// (A join is a wait only for the thread joined; holding locks around it is fine.)
// expect-count: deadlock 0
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t L = PTHREAD_MUTEX_INITIALIZER, Other = PTHREAD_MUTEX_INITIALIZER;

static void *takes_other(void *p) {
  usleep(100 * 1000);
  pthread_mutex_lock(&Other);
  pthread_mutex_unlock(&Other);
  return p;
}

static void *takes_l_later(void *p) {
  usleep(300 * 1000); // main releases L after 100 ms
  pthread_mutex_lock(&L);
  pthread_mutex_unlock(&L);
  return p;
}

int main(void) {
  pthread_t a, b;
  pthread_mutex_lock(&L);
  pthread_create(&a, 0, takes_other, 0);
  pthread_join(a, 0); // holds L, joins a thread that needs only Other // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_create(&b, 0, takes_l_later, 0);
  usleep(100 * 1000); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_unlock(&L);
  pthread_join(b, 0);
  return 0;
}
