// NEGATIVE: holding "some struct lock_s" is no evidence of holding a particular kind of
// it. finish() is a thread entry that holds whatever lock it is handed (here the job's
// own `done` lock) while it takes a buffer's `use` lock; drop_space() takes `use` and then
// its pool's `have`. Only if the handed lock could be a pool's `have` would that close a
// cycle, and nothing says it is. (pigz's fixed release has this shape; reading the
// generic lock as every finer kind of lock_s reported a cycle there.)
#include <pthread.h>
#include <stddef.h>

typedef struct lock_s {
  pthread_mutex_t mutex;
  long value;
} lock;

struct pool {
  lock *have;
};

struct space {
  lock *use;
  struct pool *pool;
};

struct job {
  lock *done;
  struct space *buf;
};

static void possess(lock *l) { pthread_mutex_lock(&l->mutex); }
static void release(lock *l) { pthread_mutex_unlock(&l->mutex); }

static void finish(lock *held, struct space *s) {
  possess(held);
  possess(s->use);
  s->use->value++;
  release(s->use);
  held->value = 1;
  release(held);
}

static void drop_space(struct space *s) {
  possess(s->use);
  possess(s->pool->have);
  s->pool->have->value++;
  release(s->pool->have);
  release(s->use);
}

static void *job_thread(void *arg) {
  struct job *j = arg;
  void (*done)(lock *, struct space *) = finish;
  done(j->done, j->buf);
  return NULL;
}

static void *drop_thread(void *arg) {
  drop_space(arg);
  return NULL;
}

int main(void) {
  static lock have = {PTHREAD_MUTEX_INITIALIZER, 0}, use = {PTHREAD_MUTEX_INITIALIZER, 0},
              done = {PTHREAD_MUTEX_INITIALIZER, 0};
  static struct pool p = {&have};
  static struct space s = {&use, &p};
  static struct job j = {&done, &s};
  pthread_t a, b;
  pthread_create(&a, NULL, job_thread, &j);
  pthread_create(&b, NULL, drop_thread, &s);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  return 0;
}
