// A binary semaphore is a lock for ordering, but it has no owner: a thread may end
// with it taken and another thread post it later (a handoff). The worker takes S and
// ends; main posts S afterwards and takes it again. The worker also takes Once, which
// main destroys taken (legal for a semaphore nobody waits on). No lock-leak (a
// semaphore nobody posts would show as an orphaned wait instead). CPython's locks are
// semaphores: its daemon threads end holding them at interpreter shutdown, and a lock
// object freed while taken destroys one.
// expect-count: lock-leak 0
#include <pthread.h>
#include <semaphore.h>

static sem_t S, Once;

static void *worker(void *p) {
  sem_wait(&S); // taken; the worker's job is done, main releases it
  sem_wait(&Once);
  return p;
}

int main(void) {
  sem_init(&S, 0, 1);
  sem_init(&Once, 0, 1);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_join(t, 0);
  sem_post(&S);
  sem_wait(&S);
  sem_post(&S);
  sem_destroy(&S);
  sem_destroy(&Once);
  return 0;
}
