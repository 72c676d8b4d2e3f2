// NEGATIVE (for this rule): a location never accessed under a lock has no guard to
// forget. (Whether it is shared between threads is a separate question: a lockless
// update reached from two threads is reported only once thread roots are known.)
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
