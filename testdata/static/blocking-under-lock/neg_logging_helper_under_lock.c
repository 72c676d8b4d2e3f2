// NEGATIVE: output in a logging helper (rsyslog's dbgprintf and LogError, fio's
// log_err). Every lock holder logs an error now and then; the helper's write is how the
// program logs, not a decision made under this lock. Only a write the lock holder makes
// itself is reported (pos_write_log.c); a read, a connect or an fsync in a helper still
// is (pos_helper_fsync.c).
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t table_lock = PTHREAD_MUTEX_INITIALIZER;
static int debug_on;
static long entries;

static void log_err(const char *fmt, ...) {
  char buf[256];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf, sizeof(buf), fmt, ap);
  va_end(ap);
  if (n > 0)
    write(2, buf, (size_t)n);
}

static void dbgprintf(const char *msg) {
  if (debug_on)
    write(2, msg, strlen(msg));
}

int table_add(long n) {
  pthread_mutex_lock(&table_lock);
  dbgprintf("table_add\n");
  if (n < 0) {
    log_err("bad size %ld\n", n);
    pthread_mutex_unlock(&table_lock);
    return -1;
  }
  entries += n;
  pthread_mutex_unlock(&table_lock);
  return 0;
}
