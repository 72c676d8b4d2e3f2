// _GNU_SOURCE: for PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP.
#define _GNU_SOURCE
// NEGATIVE: a pthread mutex statically initialized as recursive (glibc). log_line()
// holds log_lock and calls log_prefix(), which takes it again: fine for a recursive
// mutex.
#include <pthread.h>

static pthread_mutex_t log_lock = PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP;
static unsigned long log_seq;
static char log_buf[256];

static void log_prefix(void) {
  pthread_mutex_lock(&log_lock);
  log_seq++;
  log_buf[0] = '[';
  pthread_mutex_unlock(&log_lock);
}

void log_line(char c) {
  pthread_mutex_lock(&log_lock);
  log_prefix();
  log_buf[1] = c;
  pthread_mutex_unlock(&log_lock);
}
