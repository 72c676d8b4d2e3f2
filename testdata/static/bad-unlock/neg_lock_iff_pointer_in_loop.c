// NEGATIVE: unbound's auth_zones_setup_zones(). In a loop, the lock of whatever the
// lookup found is taken under `if (x)` and released under a second `if (x)`. The release
// of the previous pass must not make this pass's release look like a second one.
#include <pthread.h>
#include <stddef.h>
struct xfer { pthread_mutex_t lock; };
struct zone { pthread_mutex_t lock; struct zone *next; };
struct xfer *xfer_find(struct zone *z);
int xfer_setup(struct zone *z, struct xfer *x);
int setup(struct zone *head) {
  struct zone *z;
  struct xfer *x;
  for (z = head; z; z = z->next) {
    x = xfer_find(z);
    if(x)
      pthread_mutex_lock(&x->lock);
    if(x)
      pthread_mutex_unlock(&x->lock);
  }
  return 1;
}

// The same with unbound's checked lock macros: a failed pthread_mutex_lock() leaves
// the lock maybe-held, which must not leave behind a release mark made while the
// analysis still thought it held for certain.
void log_err(const char *format, ...);
#define LOCKRET(func)                                                                  \
  do {                                                                                 \
    int lockret_err;                                                                   \
    if ((lockret_err = (func)) != 0)                                                   \
      log_err("%s failed: %d", #func, lockret_err);                                    \
  } while (0)

int setup_checked(struct zone *head) {
  struct zone *z;
  struct xfer *x;
  for (z = head; z; z = z->next) {
    x = xfer_find(z);
    if (x)
      LOCKRET(pthread_mutex_lock(&x->lock));
    if (!xfer_setup(z, x)) {
      if (x)
        LOCKRET(pthread_mutex_unlock(&x->lock));
      return 0;
    }
    if (x)
      LOCKRET(pthread_mutex_unlock(&x->lock));
  }
  return 1;
}
