// lockgraph-args: --include-may
// POSITIVE only because of --include-may (the same program as neg_may_cycle.c):
// update() holds journal_lock only when with_journal is set, so the edge
// journal_lock -> table_lock exists on some paths only. With --include-may such
// cycles are reported too, at the first edge in the file.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long journal_seq, table_rows;

static void update(int with_journal) {
  if (with_journal)
    pthread_mutex_lock(&journal_lock);
  pthread_mutex_lock(&table_lock); // expect: lock-order-inversion
  table_rows++;
  pthread_mutex_unlock(&table_lock);
  if (with_journal)
    pthread_mutex_unlock(&journal_lock);
}

static void checkpoint(void) {
  pthread_mutex_lock(&table_lock);
  pthread_mutex_lock(&journal_lock);
  journal_seq = table_rows;
  pthread_mutex_unlock(&journal_lock);
  pthread_mutex_unlock(&table_lock);
}

static void *writer(void *arg) {
  update(arg != NULL);
  return NULL;
}

static void *checkpointer(void *arg) {
  (void)arg;
  checkpoint();
  return NULL;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, NULL, writer, NULL);
  pthread_create(&t2, NULL, checkpointer, NULL);
  pthread_join(t1, NULL);
  pthread_join(t2, NULL);
  return 0;
}
