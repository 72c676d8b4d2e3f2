// A thread of the parent holds Held when main forks. In the child that thread does not
// exist, so Held stays locked for good; a thread of the child that locks it waits
// forever. The child's watchdog (started with the child's first thread) reports the
// orphaned wait and the child exits 66; the parent returns the child's status. Without
// the fork handling the child would hang (the wait would name a live owner) or have
// no watchdog at all.
// expect-count: deadlock 1
// expect-stderr: waits for a lock whose owner thread exited
// expect-exit: 66
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t Held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t Go = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Bar;

static void *holder(void *p) {
  pthread_mutex_lock(&Held);
  pthread_barrier_wait(&Bar); // Held is taken
  pthread_mutex_lock(&Go);    // until main has forked
  pthread_mutex_unlock(&Go);
  pthread_mutex_unlock(&Held);
  return p;
}

static void *taker(void *p) {
  pthread_mutex_lock(&Held); // never returns in the child
  pthread_mutex_unlock(&Held);
  return p;
}

int main(void) {
  pthread_barrier_init(&Bar, 0, 2);
  pthread_mutex_lock(&Go);
  pthread_t h;
  pthread_create(&h, 0, holder, 0);
  pthread_barrier_wait(&Bar);
  pid_t Pid = fork();
  if (Pid == 0) {
    pthread_t t;
    pthread_create(&t, 0, taker, 0);
    pthread_join(t, 0);
    return 0; // not reached: the watchdog ends the child
  }
  pthread_mutex_unlock(&Go);
  pthread_join(h, 0);
  int Status = 0;
  waitpid(Pid, &Status, 0);
  return WIFEXITED(Status) ? WEXITSTATUS(Status) : 1;
}
