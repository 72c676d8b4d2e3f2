// Lock helpers and shared state of the job queue. possess()/release() wrap the pthread
// calls and take the lock as a parameter, so the lock each call site means is only
// known in the caller (in another file).
#ifndef LOCKUTIL_H
#define LOCKUTIL_H
#include <pthread.h>

extern pthread_mutex_t queue_lock;
extern pthread_mutex_t stats_lock;
extern int queue_len;
extern long jobs_submitted;

void possess(pthread_mutex_t *m);
void release(pthread_mutex_t *m);

void enqueue_job(void);
void report_stats(long *submitted, int *queued);

#endif
