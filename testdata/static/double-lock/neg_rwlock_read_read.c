// _POSIX_C_SOURCE: pthread_rwlock_t is not declared under strict -std=c11 otherwise.
#define _POSIX_C_SOURCE 200809L
// NEGATIVE: taking the read side of a pthread rwlock again while holding it is allowed
// (POSIX: a thread may hold several concurrent read locks). lookup_all() holds the
// read lock and calls lookup(), which takes it for reading again.
#include <pthread.h>

static pthread_rwlock_t table_rw = PTHREAD_RWLOCK_INITIALIZER;
static int table[16];

static int lookup(int key) {
  int v;
  pthread_rwlock_rdlock(&table_rw);
  v = table[key & 15];
  pthread_rwlock_unlock(&table_rw);
  return v;
}

int lookup_all(void) {
  int sum = 0;
  pthread_rwlock_rdlock(&table_rw);
  for (int k = 0; k < 16; k++)
    sum += lookup(k);
  pthread_rwlock_unlock(&table_rw);
  return sum;
}
