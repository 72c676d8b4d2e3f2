// Binary semaphores used as locks, with the reverse order taken only by
// sem_trywait: S -> M blocks, M -> S only tries (it cannot wait, so there is no
// hold-and-wait), like trylock_reverse_negative.c for mutexes. A sem_trywait that
// fails (EAGAIN) acquires nothing, so the sem_post skipped after it is no lock-leak,
// and a sem_trywait that succeeds is a held lock released by the later sem_post.
// sem_timedwait that times out acquires nothing either. Nothing is reported.
// expect-count: lock-order-inversion 0
// expect-count: lock-leak 0
// expect-count: bad-unlock 0
// expect-count: double-lock 0
#include <errno.h>
#include <pthread.h>
#include <semaphore.h>
#include <time.h>

static sem_t S;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;

static void *forward(void *p) {
  sem_wait(&S);
  pthread_mutex_lock(&M);
  pthread_mutex_unlock(&M);
  sem_post(&S);
  return p;
}

static void *reverse_try(void *p) {
  pthread_mutex_lock(&M);
  if (sem_trywait(&S) == 0) // free here: succeeds, S is held
    sem_post(&S);
  pthread_mutex_unlock(&M);
  return p;
}

int main(void) {
  sem_init(&S, 0, 1);
  pthread_t t;
  pthread_create(&t, 0, forward, 0);
  pthread_join(t, 0);
  pthread_create(&t, 0, reverse_try, 0);
  pthread_join(t, 0);

  int ok = 1;
  sem_wait(&S);
  // Held by this thread: a failing trywait is EAGAIN and not a double-lock.
  if (sem_trywait(&S) != -1 || errno != EAGAIN)
    ok = 0;
  sem_post(&S);

  // A timed wait that succeeds is an acquisition released by sem_post.
  struct timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 5;
  if (sem_timedwait(&S, &ts) != 0)
    ok = 0;
  sem_post(&S);
  sem_destroy(&S);
  return ok ? 0 : 1;
}
