// NEGATIVE (with netdev.c): registry_lock -> m, where m is this file's own static.
#include "registry.h"

static pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
static int blockdevs;

void blockdev_rescan(void) {
  pthread_mutex_lock(&registry_lock);
  pthread_mutex_lock(&m);
  blockdevs = registered_devices;
  pthread_mutex_unlock(&m);
  pthread_mutex_unlock(&registry_lock);
}
