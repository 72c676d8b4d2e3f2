#include "registry.h"

pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;
int registered_devices;
