// NEGATIVE: rsyslog's mmsequence. A failed pthread_mutex_lock() jumps to the common
// exit, where the success path arrives only after its unlock: the failure branch does
// not hold the mutex, so the shared return leaks nothing.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t table_mutex = PTHREAD_MUTEX_INITIALIZER;
static void *table;

void *create_table(void);

int table_setup(void) {
  int ret = 0;
  if (pthread_mutex_lock(&table_mutex)) {
    ret = -1;
    goto finalize;
  }
  if (table == NULL)
    table = create_table();
  pthread_mutex_unlock(&table_mutex);
finalize:
  return ret;
}
