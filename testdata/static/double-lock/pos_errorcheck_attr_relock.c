// For PTHREAD_MUTEX_ERRORCHECK under -std=c11 (strict ISO C hides the X/Open names).
#define _XOPEN_SOURCE 700
// POSITIVE: only a recursive attribute makes re-entry legal. This mutex is initialized
// with an attribute set to PTHREAD_MUTEX_ERRORCHECK: taking it again through the helper
// is a double lock (the second lock fails with EDEADLK, and the caller goes on as if it
// held it twice). The companion neg_recursive_attr_settype.c is the recursive case.
#include <pthread.h>

static pthread_mutex_t table_lock;
static int entries;

static void init_table(void) {
  pthread_mutexattr_t attr;
  pthread_mutexattr_init(&attr);
  pthread_mutexattr_settype(&attr, PTHREAD_MUTEX_ERRORCHECK);
  pthread_mutex_init(&table_lock, &attr);
  pthread_mutexattr_destroy(&attr);
}

static void count_entry(void) {
  pthread_mutex_lock(&table_lock);
  entries++;
  pthread_mutex_unlock(&table_lock);
}

static void *add_entry(void *arg) {
  pthread_mutex_lock(&table_lock);
  count_entry(); // expect: double-lock
  pthread_mutex_unlock(&table_lock);
  return arg;
}

int main(void) {
  init_table();
  pthread_t t;
  pthread_create(&t, 0, add_entry, 0);
  pthread_join(t, 0);
  return entries == 1 ? 0 : 1;
}
