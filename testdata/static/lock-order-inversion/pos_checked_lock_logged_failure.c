// POSITIVE: unbound-style checked locks. A failed lock is only logged and the code goes
// on as if it held the lock, so the analysis does too: the inversion between
// zones_lock and xfer_lock is found, not lost as a "maybe held" order.
#include <pthread.h>

void log_err(const char *format, ...);
#define LOCKRET(func)                                                                  \
  do {                                                                                 \
    int lockret_err;                                                                   \
    if ((lockret_err = (func)) != 0)                                                   \
      log_err("%s failed: %d", #func, lockret_err);                                    \
  } while (0)
#define lock_basic_lock(l) LOCKRET(pthread_mutex_lock(l))
#define lock_basic_unlock(l) LOCKRET(pthread_mutex_unlock(l))

static pthread_mutex_t zones_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t xfer_lock = PTHREAD_MUTEX_INITIALIZER;
static int zones, xfers;

void zones_apply(void) {
  lock_basic_lock(&zones_lock);
  lock_basic_lock(&xfer_lock); // expect: lock-order-inversion
  zones += xfers;
  lock_basic_unlock(&xfer_lock);
  lock_basic_unlock(&zones_lock);
}

void xfer_done(void) {
  lock_basic_lock(&xfer_lock);
  lock_basic_lock(&zones_lock);
  xfers += zones;
  lock_basic_unlock(&zones_lock);
  lock_basic_unlock(&xfer_lock);
}
