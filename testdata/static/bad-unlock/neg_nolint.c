// NEGATIVE: a real double unlock, suppressed with NOLINT on the reported line.
#include <pthread.h>

static pthread_mutex_t flag_lock = PTHREAD_MUTEX_INITIALIZER;
static int flag;

void flag_set(void) {
  pthread_mutex_lock(&flag_lock);
  flag = 1;
  pthread_mutex_unlock(&flag_lock);
  pthread_mutex_unlock(&flag_lock); // NOLINT(lockgraph-bad-unlock)
}
