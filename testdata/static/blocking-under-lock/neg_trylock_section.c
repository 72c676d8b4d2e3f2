// NEGATIVE: report_stats() takes stats_lock with trylock; the critical section only
// copies and resets counters. The writes happen on the path where trylock failed (no
// lock held) and after the unlock.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long requests;

void count_request(void) {
  pthread_mutex_lock(&stats_lock);
  requests++;
  pthread_mutex_unlock(&stats_lock);
}

void report_stats(int fd) {
  if (pthread_mutex_trylock(&stats_lock) != 0) {
    write(fd, "stats busy\n", 11);
    return;
  }
  long n = requests;
  requests = 0;
  pthread_mutex_unlock(&stats_lock);
  char buf[32];
  int len = snprintf(buf, sizeof buf, "%ld\n", n);
  if (len > 0)
    write(fd, buf, (size_t)len);
}
