// NEGATIVE: pbzip2's false cycle. out_mutex -> flag_mutex is a real order
// (output_add), but flag_mutex -> out_mutex only appears on the branch where locking
// flag_mutex failed, where flag_mutex is not held.
#include <pthread.h>
#include <stddef.h>

static pthread_mutex_t flag_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t out_mutex = PTHREAD_MUTEX_INITIALIZER;
static int terminate_flag, out_count;

static int get_terminate_flag(void) {
  pthread_mutex_lock(&flag_mutex);
  int v = terminate_flag;
  pthread_mutex_unlock(&flag_mutex);
  return v;
}

void output_add(void) {
  pthread_mutex_lock(&out_mutex);
  if (!get_terminate_flag())
    out_count++;
  pthread_mutex_unlock(&out_mutex);
}

void *terminator(void *arg) {
  (void)arg;
  int ret = pthread_mutex_lock(&flag_mutex);
  if (ret != 0) {
    pthread_mutex_lock(&out_mutex);
    out_count = -1;
    pthread_mutex_unlock(&out_mutex);
    return NULL;
  }
  terminate_flag = 1;
  pthread_mutex_unlock(&flag_mutex);
  return NULL;
}
