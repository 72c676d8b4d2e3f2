// POSITIVE: the classic leak. The error path returns with table_lock still held; the
// normal path unlocks. The next caller blocks forever. Reported at that return.
#include <pthread.h>

#define TABLE_SIZE 64

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int table[TABLE_SIZE];

int table_set(int slot, int value) {
  pthread_mutex_lock(&table_lock);
  if (slot < 0 || slot >= TABLE_SIZE)
    return -1; // expect: lock-leak
  table[slot] = value;
  pthread_mutex_unlock(&table_lock);
  return 0;
}
