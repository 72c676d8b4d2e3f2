// NEGATIVE (for this rule): a location never accessed under a lock has no guard to
// forget. Whether two threads update it at once is the lockless case: here no thread
// start shows any (pos_lockless_two_threads.c has them).
#include <pthread.h>

static pthread_mutex_t other = PTHREAD_MUTEX_INITIALIZER;
static long config_version;
static long events;

void reload(void) { config_version++; }

void note_event(void) {
  pthread_mutex_lock(&other);
  pthread_mutex_unlock(&other);
  events++;
}
