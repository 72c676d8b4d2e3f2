// A flusher wakes every 100 ms, takes the log lock for a moment and writes out what
// the workers appended; the workers append a line now and then. The lock is shared,
// but nobody waits for it long enough to matter.
// expect-report-count: contention 0
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t log_lock = PTHREAD_MUTEX_INITIALIZER;
static char log_buf[4096];
static size_t log_len, flushed;
static volatile int stop;

static void *flusher(void *arg) {
  (void)arg;
  while (!stop) {
    struct timespec period = {0, 100 * 1000000L};
    nanosleep(&period, NULL);
    pthread_mutex_lock(&log_lock);
    flushed += log_len;
    log_len = 0;
    pthread_mutex_unlock(&log_lock);
  }
  return NULL;
}

static void *worker(void *arg) {
  (void)arg;
  for (int i = 0; i < 300; i++) {
    pthread_mutex_lock(&log_lock);
    if (log_len + 16 < sizeof log_buf)
      log_len += (size_t)snprintf(log_buf + log_len, 16, "line %d\n", i % 100);
    pthread_mutex_unlock(&log_lock);
    struct timespec gap = {0, 2 * 1000000L};
    nanosleep(&gap, NULL);
  }
  return NULL;
}

int main(void) {
  pthread_t f, w[2];
  pthread_create(&f, NULL, flusher, NULL);
  for (int i = 0; i < 2; i++)
    pthread_create(&w[i], NULL, worker, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(w[i], NULL);
  stop = 1;
  pthread_join(f, NULL);
  printf("%zu\n", flushed + log_len);
  return 0;
}
