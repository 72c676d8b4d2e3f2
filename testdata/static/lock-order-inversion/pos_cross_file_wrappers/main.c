#include "lockutil.h"
#include <stddef.h>

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < 100; i++)
    enqueue_job();
  return NULL;
}

static void *monitor(void *arg) {
  long submitted;
  int queued;
  (void)arg;
  report_stats(&submitted, &queued);
  return NULL;
}

int main(void) {
  pthread_t p, m;
  pthread_create(&p, NULL, producer, NULL);
  pthread_create(&m, NULL, monitor, NULL);
  pthread_join(p, NULL);
  pthread_join(m, NULL);
  return 0;
}
