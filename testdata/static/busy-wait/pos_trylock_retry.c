// POSITIVE: stats_snapshot() takes table_lock by retrying pthread_mutex_trylock with
// a 1 us sleep. While a writer holds the lock the reader spins on the CPU; the
// blocking pthread_mutex_lock would sleep until the lock is free.
#define _DEFAULT_SOURCE // usleep under strict -std=c11
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long table_hits;

void record_hit(void) {
  pthread_mutex_lock(&table_lock);
  table_hits++;
  pthread_mutex_unlock(&table_lock);
}

long stats_snapshot(void) {
  while (pthread_mutex_trylock(&table_lock) != 0) // expect: busy-wait
    usleep(1);
  long n = table_hits;
  pthread_mutex_unlock(&table_lock);
  return n;
}
