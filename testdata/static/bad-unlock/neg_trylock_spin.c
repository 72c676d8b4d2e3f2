// NEGATIVE: spinning on trylock until it succeeds, then unlocking once: every failed
// attempt loops back to try again, so the unlock only runs with the lock held. (The
// retry loop itself is a busy-wait: a negative for bad-unlock only.)
#include <pthread.h>
#include <sched.h>

static pthread_mutex_t spin_lock = PTHREAD_MUTEX_INITIALIZER;
static long hits;

void hit(void) {
  while (pthread_mutex_trylock(&spin_lock) != 0) // expect: busy-wait
    sched_yield();
  hits++;
  pthread_mutex_unlock(&spin_lock);
}
