// NEGATIVE: unlock wrappers. device_unlock() releases a lock it never took: its caller
// took it. A lone unlock in a function is a wrapper, not a bad unlock.
#include <pthread.h>

struct device {
  pthread_mutex_t mu;
  int users;
};

void device_lock(struct device *d) { pthread_mutex_lock(&d->mu); }

void device_unlock(struct device *d) { pthread_mutex_unlock(&d->mu); }

void device_get(struct device *d) {
  device_lock(d);
  d->users++;
  device_unlock(d);
}
