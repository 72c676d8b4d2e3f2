#include "queue.h"

static struct queue jobs = {PTHREAD_MUTEX_INITIALIZER, {0}, 0};

int next_job(void) {
  int job;
  return queue_pop(&jobs, &job) ? job : -1;
}
