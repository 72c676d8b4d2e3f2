// Each worker has a lock of its own and does heavy work under it: nobody ever waits,
// however long the locks are held.
// expect-report-count: contention 0
#include <pthread.h>
#include <stdio.h>

enum { kThreads = 4 };

struct shard {
  pthread_mutex_t lock;
  unsigned long data[64];
};
static struct shard shards[kThreads];

static void *worker(void *arg) {
  struct shard *s = arg;
  for (int r = 0; r < 2000; r++) {
    pthread_mutex_lock(&s->lock);
    for (int i = 0; i < 4000; i++) {
      s->data[i & 63] = s->data[i & 63] * 6364136223846793005ul + (unsigned long)r;
      __asm__ volatile("" ::: "memory");
    }
    pthread_mutex_unlock(&s->lock);
  }
  return NULL;
}

int main(void) {
  pthread_t t[kThreads];
  for (int i = 0; i < kThreads; i++) {
    pthread_mutex_init(&shards[i].lock, NULL);
    pthread_create(&t[i], NULL, worker, &shards[i]);
  }
  for (int i = 0; i < kThreads; i++)
    pthread_join(t[i], NULL);
  printf("%lu\n", shards[0].data[0]);
  return 0;
}
