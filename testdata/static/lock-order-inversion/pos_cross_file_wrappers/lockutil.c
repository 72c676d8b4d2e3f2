// possess() returns with the lock held on every path (a lock wrapper, not a leak) and
// release() only unlocks (an unlock wrapper, not a bad unlock): nothing to report here.
#include "lockutil.h"

pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
int queue_len;
long jobs_submitted;

void possess(pthread_mutex_t *m) { pthread_mutex_lock(m); }

void release(pthread_mutex_t *m) { pthread_mutex_unlock(m); }
