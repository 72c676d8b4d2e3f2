// NEGATIVE without --include-may (pos_may_cycle.c is the same program with it):
// update() holds journal_lock only when with_journal is set, so the edge
// journal_lock -> table_lock exists on some paths only, and a cycle through it is
// not reported by default. The conditional unlock matches the conditional lock, so
// nothing leaks either.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t journal_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static long journal_seq, table_rows;

static void update(int with_journal) {
  if (with_journal)
    pthread_mutex_lock(&journal_lock);
  pthread_mutex_lock(&table_lock);
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
