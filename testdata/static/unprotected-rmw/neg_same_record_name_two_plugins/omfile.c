// NEGATIVE (with omkafka.c): two plugins each define their own `struct instance_data`
// in their own source file (rsyslog's instanceData). omfile guards its cache size with
// its write mutex; omkafka's record of the same name keeps an unrelated counter it
// guards with another lock. They are different types: omkafka's update is no lost
// update of omfile's data.
#include <pthread.h>

struct instance_data {
  pthread_mutex_t mut_write;
  int cache_size;
};

void omfile_add(struct instance_data *d) {
  pthread_mutex_lock(&d->mut_write);
  d->cache_size++;
  pthread_mutex_unlock(&d->mut_write);
}

void omfile_drop(struct instance_data *d) {
  pthread_mutex_lock(&d->mut_write);
  d->cache_size--;
  pthread_mutex_unlock(&d->mut_write);
}

int omfile_size(struct instance_data *d) {
  pthread_mutex_lock(&d->mut_write);
  int n = d->cache_size;
  pthread_mutex_unlock(&d->mut_write);
  return n;
}
