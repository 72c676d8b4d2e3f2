#include <pthread.h>

struct instance_data {
  pthread_mutex_t mut_dyn_cache;
  pthread_mutex_t mut_write;
  int cache_size;
};

void omkafka_prepare(struct instance_data *d) {
  pthread_mutex_lock(&d->mut_dyn_cache);
  d->cache_size++;
  pthread_mutex_unlock(&d->mut_dyn_cache);
}
