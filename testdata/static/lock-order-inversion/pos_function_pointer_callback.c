// POSITIVE: an order edge hidden behind a function pointer. A small thread pool runs
// jobs `struct job { void (*run)(void *); void *arg; }`. pool_run() holds pool_lock
// (to keep the running count exact) while it calls j->run(j->arg). The only function
// ever stored in a job's `run` field is flush_cache() (cache_init() assigns it), and
// it locks cache_lock: pool_lock -> cache_lock through the indirect call.
// cache_write() holds cache_lock and locks pool_lock to queue the flush job:
// cache_lock -> pool_lock. A worker running the flush and a writer queueing the next
// one deadlock. The edge sites are the `j->run(j->arg);` call in pool_run() and the
// pool_lock acquisition in cache_write(); pool_run() comes first in the file, so the
// finding is reported at the indirect call.
// lockgraph-args: --indirect-calls
#include <pthread.h>
#include <stddef.h>

struct job {
  void (*run)(void *);
  void *arg;
  struct job *next;
  int queued;
};

static pthread_mutex_t pool_lock = PTHREAD_MUTEX_INITIALIZER;   // guards queue, running
static pthread_mutex_t cache_lock = PTHREAD_MUTEX_INITIALIZER;  // guards cache_dirty
static struct job *queue;
static int running;
static int cache_dirty;
static int stop;
static struct job flush_job;

static void pool_run(struct job *j) {
  pthread_mutex_lock(&pool_lock);
  running++;
  j->queued = 0;
  j->run(j->arg); // expect: lock-order-inversion
  running--;
  pthread_mutex_unlock(&pool_lock);
}

static void flush_cache(void *arg) {
  int *flushed = arg;
  pthread_mutex_lock(&cache_lock);
  *flushed += cache_dirty;
  cache_dirty = 0;
  pthread_mutex_unlock(&cache_lock);
}

static int flushed_total;

void cache_init(void) {
  flush_job.run = flush_cache;
  flush_job.arg = &flushed_total;
  flush_job.next = NULL;
  flush_job.queued = 0;
}

void cache_write(void) {
  pthread_mutex_lock(&cache_lock);
  cache_dirty++;
  if (cache_dirty >= 8) {
    pthread_mutex_lock(&pool_lock);
    if (!flush_job.queued) {
      flush_job.queued = 1;
      flush_job.next = queue;
      queue = &flush_job;
    }
    pthread_mutex_unlock(&pool_lock);
  }
  pthread_mutex_unlock(&cache_lock);
}

static void *worker(void *arg) {
  (void)arg;
  for (;;) {
    struct job *j;
    pthread_mutex_lock(&pool_lock);
    j = queue;
    if (j != NULL)
      queue = j->next;
    int done = stop;
    pthread_mutex_unlock(&pool_lock);
    if (j != NULL)
      pool_run(j);
    else if (done)
      return NULL;
  }
}

static void *writer(void *arg) {
  (void)arg;
  for (int i = 0; i < 1000; i++)
    cache_write();
  pthread_mutex_lock(&pool_lock);
  stop = 1;
  pthread_mutex_unlock(&pool_lock);
  return NULL;
}

int main(void) {
  pthread_t w, t;
  cache_init();
  pthread_create(&w, NULL, worker, NULL);
  pthread_create(&t, NULL, writer, NULL);
  pthread_join(w, NULL);
  pthread_join(t, NULL);
  return 0;
}
