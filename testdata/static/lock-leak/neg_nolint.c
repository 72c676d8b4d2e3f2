// NEGATIVE: a real leak on the error path, suppressed with NOLINT on the reported line
// (say the process aborts right after this error anyway).
#include <pthread.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static int state;

int state_advance(int to) {
  pthread_mutex_lock(&state_lock);
  if (to < state)
    return -1; // NOLINT(lockgraph-lock-leak)
  state = to;
  pthread_mutex_unlock(&state_lock);
  return 0;
}
