// NEGATIVE: pbzip2's terminatorThreadProc(). The status of pthread_mutex_lock() is
// tested, and on the error branch the mutex is not held, so calling a helper that
// takes it there is no self-deadlock.
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>

static pthread_mutex_t flag_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t flag_cond = PTHREAD_COND_INITIALIZER;
static int terminate_flag;

static void set_terminate_flag(int value) {
  pthread_mutex_lock(&flag_mutex);
  terminate_flag = value;
  pthread_mutex_unlock(&flag_mutex);
}

void *terminator(void *arg) {
  (void)arg;
  int ret = pthread_mutex_lock(&flag_mutex);
  if (ret != 0) {
    fprintf(stderr, "pthread_mutex_lock: %d\n", ret);
    set_terminate_flag(1);
    return NULL;
  }
  int seen = terminate_flag;
  pthread_mutex_unlock(&flag_mutex);
  return seen ? &flag_mutex : NULL;
}

int read_flag(void) {
  if (pthread_mutex_lock(&flag_mutex) != 0) {
    set_terminate_flag(1);
    return -1;
  }
  int seen = terminate_flag;
  pthread_mutex_unlock(&flag_mutex);
  return seen;
}

// pbzip2's exact shape: the error branch ends in a helper that always exits, which
// has no noreturn attribute; the analysis learns it never returns from its body.
static void cleanup_and_quit(int code) {
  fprintf(stderr, "quitting\n");
  exit(code);
}

void *terminator_thread(void *arg) {
  (void)arg;
  int ret = pthread_mutex_lock(&flag_mutex);
  if (ret != 0) {
    set_terminate_flag(1);
    cleanup_and_quit(1);
  }
  while (terminate_flag == 0)
    pthread_cond_wait(&flag_cond, &flag_mutex);
  pthread_mutex_unlock(&flag_mutex);
  return NULL;
}
