// Edge queue_lock -> stats_lock: the call possess(&stats_lock) below, made while this
// function holds queue_lock through possess(&queue_lock).
#include "lockutil.h"

void enqueue_job(void) {
  possess(&queue_lock);
  queue_len++;
  possess(&stats_lock);
  jobs_submitted++;
  release(&stats_lock);
  release(&queue_lock);
}
