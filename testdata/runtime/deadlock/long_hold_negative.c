// Not a deadlock: a running thread holds a mutex for 3 s (longer than
// deadlock_timeout) while main waits for it, then releases it. A wait on a lock held
// by a live thread that is not itself waiting makes no cycle: nothing is reported.
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Held;

static void *holder(void *p) {
  pthread_mutex_lock(&M);
  pthread_barrier_wait(&Held); // static-expect: blocking-under-lock (held on purpose to stage the run)
  sleep(3); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  pthread_barrier_init(&Held, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  pthread_barrier_wait(&Held);
  pthread_mutex_lock(&M); // waits about 3 s
  pthread_mutex_unlock(&M);
  pthread_join(t, 0);
  return 0;
}
