// POSITIVE: on the error path the mutex is unlocked in the branch and again at the
// common exit label. The normal path unlocks once; the error path unlocks twice, so
// the unlock at `out` is reported.
#include <pthread.h>

static pthread_mutex_t dev_lock = PTHREAD_MUTEX_INITIALIZER;
static int dev_state;

int dev_reset(int force) {
  int rc = 0;
  pthread_mutex_lock(&dev_lock);
  if (dev_state < 0 && !force) {
    pthread_mutex_unlock(&dev_lock);
    rc = -1;
    goto out;
  }
  dev_state = 0;
out:
  pthread_mutex_unlock(&dev_lock); // expect: bad-unlock
  return rc;
}
