// A retry that succeeds quickly: a few trylock failures with a short pause, then the
// lock is free. Far below busy_wait_rounds and busy_wait_ms.
// expect-count: busy-wait 0
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int holding;

static void *holder(void *arg) {
  (void)arg;
  pthread_mutex_lock(&lock);
  atomic_store(&holding, 1);
  usleep(5 * 1000); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_unlock(&lock);
  return NULL;
}

int main(void) {
  pthread_t t;
  pthread_create(&t, NULL, holder, NULL);
  while (!atomic_load(&holding)) // static-expect: busy-wait (a short poll to stage the run)
    usleep(100);
  int tries = 0;
  // static-expect: busy-wait (the static rule reports every trylock retry loop; at run
  // time this one is far below the thresholds)
  while (pthread_mutex_trylock(&lock) != 0) {
    tries++;
    usleep(500);
  }
  pthread_mutex_unlock(&lock);
  pthread_join(t, NULL);
  printf("%s\n", tries < 100 ? "quick" : "slow");
  return 0;
}
