// NEGATIVE (with blockdev.c): this file's `static pthread_mutex_t m` is private to the
// file. Here the order is m -> registry_lock; blockdev.c takes registry_lock -> ITS OWN
// m, a different mutex with the same name. No cycle.
#include "registry.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int netdevs;

void netdev_register(void) {
  pthread_mutex_lock(&m);
  netdevs++;
  pthread_mutex_lock(&registry_lock);
  registered_devices++;
  pthread_mutex_unlock(&registry_lock);
  pthread_mutex_unlock(&m);
}
