// POSITIVE (with net.c): the guard is established in this file, the unguarded update is
// in another translation unit.
#include "stats.h"

pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
long bytes_sent;

void stats_add(long n) {
  pthread_mutex_lock(&stats_lock);
  bytes_sent += n;
  pthread_mutex_unlock(&stats_lock);
}

long stats_read(void) {
  pthread_mutex_lock(&stats_lock);
  long v = bytes_sent;
  pthread_mutex_unlock(&stats_lock);
  return v;
}
