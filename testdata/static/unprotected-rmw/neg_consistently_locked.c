// NEGATIVE: every update of the counter holds its lock, through a helper whose callers
// all hold it (the callers' lock counts at the helper's access), and the reads too.
// An atomic counter and a thread-local one are updated bare: they cannot lose updates.
#include <pthread.h>
#include <stdatomic.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long requests;
static _Atomic long fast_hits;
static _Thread_local long mine;

static void count_locked(void) { requests++; }

void handle(void) {
  pthread_mutex_lock(&lock);
  count_locked();
  pthread_mutex_unlock(&lock);
  fast_hits++;
  mine++;
}

void handle_twice(void) {
  pthread_mutex_lock(&lock);
  requests += 2;
  count_locked();
  pthread_mutex_unlock(&lock);
}

long report(void) {
  pthread_mutex_lock(&lock);
  long r = requests;
  pthread_mutex_unlock(&lock);
  return r;
}
