// NEGATIVE: snapshot_if_dirty() tests the atomic `dirty` flag without table_lock and
// clears it under the lock. An atomic is not a location table_lock guards: a set that
// races with the snapshot is seen by the next one, nothing is lost.
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static _Atomic int dirty;
static int table[64];
static int snapshot[64];

void table_set(int i, int v) {
  pthread_mutex_lock(&table_lock);
  table[i & 63] = v;
  atomic_store(&dirty, 1);
  pthread_mutex_unlock(&table_lock);
}

void snapshot_if_dirty(void) {
  if (atomic_load(&dirty)) {
    pthread_mutex_lock(&table_lock);
    atomic_store(&dirty, 0);
    memcpy(snapshot, table, sizeof table);
    pthread_mutex_unlock(&table_lock);
  }
}
