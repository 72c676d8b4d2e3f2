// NEGATIVE: the "locked" flag idiom (memcached's process_marithmetic_command). The
// error label is reached both before and after the lock is taken; the flag says which,
// and the unlock there is guarded by it, so no exit path leaves the lock held.
#include <pthread.h>
#include <stdbool.h>

static pthread_mutex_t item_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;

int incr(long by, int fail_early, int fail_late) {
  bool locked = false;
  if (fail_early)
    goto error;
  pthread_mutex_lock(&item_lock);
  locked = true;
  if (fail_late)
    goto error;
  counter += by;
  pthread_mutex_unlock(&item_lock);
  return 0;
error:
  if (locked)
    pthread_mutex_unlock(&item_lock);
  return -1;
}
