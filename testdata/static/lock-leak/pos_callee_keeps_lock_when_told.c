// POSITIVE: finish_job() gives up the caller's mutex only when asked to; the early
// return asks it not to, and so returns still holding the mutex.
#include <pthread.h>
#include <stdbool.h>

struct job {
  pthread_mutex_t mx;
  int state;
};

static void finish_job(struct job *j, bool release) {
  j->state = 2;
  if (release)
    pthread_mutex_unlock(&j->mx);
}

int job_complete(struct job *j, int status) {
  pthread_mutex_lock(&j->mx);
  if (status != 0) {
    finish_job(j, false);
    return -1; // expect: lock-leak
  }
  finish_job(j, true);
  return 0;
}
