// _POSIX_C_SOURCE: pthread_rwlock_t is not declared under strict -std=c11 otherwise.
#define _POSIX_C_SOURCE 200809L
// POSITIVE: a cycle through an rwlock where one side only reads. compact() holds the
// WRITE side of table_rw and takes stats_lock; lookup_stats() holds stats_lock and
// asks for the READ side of table_rw, which must wait while a writer holds it. Each
// thread waits for the other: a read acquisition is no escape when the other side of
// the cycle writes.
#include <pthread.h>
#include <stddef.h>

static pthread_rwlock_t table_rw = PTHREAD_RWLOCK_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int table_size = 64;
static long compactions, lookups;

static void *compact(void *arg) {
  (void)arg;
  pthread_rwlock_wrlock(&table_rw);
  table_size /= 2;
  pthread_mutex_lock(&stats_lock); // expect: lock-order-inversion
  compactions++;
  pthread_mutex_unlock(&stats_lock);
  pthread_rwlock_unlock(&table_rw);
  return NULL;
}

static void *lookup_stats(void *arg) {
  int size;
  (void)arg;
  pthread_mutex_lock(&stats_lock);
  lookups++;
  pthread_rwlock_rdlock(&table_rw);
  size = table_size;
  pthread_rwlock_unlock(&table_rw);
  pthread_mutex_unlock(&stats_lock);
  return (void *)(long)size;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, compact, NULL);
  pthread_create(&t2, NULL, lookup_stats, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
