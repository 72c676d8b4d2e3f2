// The polite pair (seeds: livelock): each thread takes its own lock, tries the
// other's, and when that fails releases its own and tries again, in step with the
// other. Neither ever gets both. One livelock finding, not two busy waits.
// expect: livelock
// expect-count: busy-wait 0
// expect-stderr: threads keep failing trylocks on locks the others hold
#include <pthread.h>
#include <stdio.h>

enum { kRounds = 3000 };

static pthread_mutex_t left_fork = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t right_fork = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t step; // keeps the two in step: this run's schedule only

struct diner {
  pthread_mutex_t *mine, *other;
  int ate;
};

__attribute__((noinline)) static int try_to_eat(struct diner *d) {
  pthread_mutex_lock(d->mine);
  pthread_barrier_wait(&step); // both hold their own fork now
  int got = pthread_mutex_trylock(d->other) == 0;
  if (got)
    pthread_mutex_unlock(d->other);
  pthread_barrier_wait(&step); // both have tried
  pthread_mutex_unlock(d->mine); // back off, politely
  return got;
}

static void *diner_main(void *arg) {
  struct diner *d = arg;
  for (int r = 0; r < kRounds && !d->ate; r++)
    d->ate = try_to_eat(d);
  return NULL;
}

int main(void) {
  pthread_barrier_init(&step, NULL, 2);
  struct diner a = {&left_fork, &right_fork, 0}, b = {&right_fork, &left_fork, 0};
  pthread_t ta, tb;
  pthread_create(&ta, NULL, diner_main, &a);
  pthread_create(&tb, NULL, diner_main, &b);
  pthread_join(ta, NULL);
  pthread_join(tb, NULL);
  printf("ate: %d %d\n", a.ate, b.ate);
  return 0;
}
