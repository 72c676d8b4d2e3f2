// The threads: compress_thread() takes output buffers from out_pool and hands them to
// write_thread(), which drops them when written. The hand-over slot has its own lock,
// never held together with a pool or space lock.
#include "pool.h"
#include <stdio.h>
#include <string.h>

static struct pool out_pool;
static pthread_mutex_t ready_lock = PTHREAD_MUTEX_INITIALIZER;
static struct space *ready;
static int done;

static void *compress_thread(void *arg) {
  (void)arg;
  for (int n = 0; n < 100; n++) {
    struct space *s = get_space(&out_pool);
    memset(s->buf, n, 64);
    s->len = 64;
    pthread_mutex_lock(&ready_lock);
    struct space *old = ready;
    ready = s;
    pthread_mutex_unlock(&ready_lock);
    if (old != NULL)
      drop_space(old); // the writer was too slow: skip that block
  }
  pthread_mutex_lock(&ready_lock);
  done = 1;
  pthread_mutex_unlock(&ready_lock);
  return NULL;
}

static void *write_thread(void *arg) {
  int finished = 0;
  (void)arg;
  while (!finished) {
    pthread_mutex_lock(&ready_lock);
    struct space *s = ready;
    ready = NULL;
    finished = done;
    pthread_mutex_unlock(&ready_lock);
    if (s != NULL) {
      fwrite(s->buf, 1, s->len, stdout);
      drop_space(s);
    }
  }
  return NULL;
}

int main(void) {
  pthread_t comp, writ;
  new_pool(&out_pool, 8);
  pthread_create(&comp, NULL, compress_thread, NULL);
  pthread_create(&writ, NULL, write_thread, NULL);
  pthread_join(comp, NULL);
  pthread_join(writ, NULL);
  return 0;
}
