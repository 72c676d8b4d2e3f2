// The device registry shared by all drivers, guarded by registry_lock.
#ifndef REGISTRY_H
#define REGISTRY_H
#include <pthread.h>

extern pthread_mutex_t registry_lock;
extern int registered_devices;

void netdev_register(void);
void blockdev_rescan(void);

#endif
