// POSITIVE (with producer.c): edge stats_lock -> queue_lock here closes the cycle
// started by enqueue_job(). Both edges are calls to possess(); the one reported is the
// first in (file, line) order, and consumer.c sorts before producer.c.
#include "lockutil.h"

void report_stats(long *submitted, int *queued) {
  possess(&stats_lock);
  possess(&queue_lock); // expect: lock-order-inversion
  *submitted = jobs_submitted;
  *queued = queue_len;
  release(&queue_lock);
  release(&stats_lock);
}
