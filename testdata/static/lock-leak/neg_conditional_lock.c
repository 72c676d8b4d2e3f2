// NEGATIVE: conditional locking whose unlock uses the same condition. Only feasible
// paths count: when `shared` is set the mutex is taken and released, otherwise it is
// never taken. No exit path leaves it held.
#include <pthread.h>

static pthread_mutex_t buf_lock = PTHREAD_MUTEX_INITIALIZER;
static char last_char;

void buf_store(char c, int shared) {
  if (shared)
    pthread_mutex_lock(&buf_lock);
  last_char = c;
  if (shared)
    pthread_mutex_unlock(&buf_lock);
}
