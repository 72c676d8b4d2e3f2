// A producer/reporter pair with a latent deadlock. The producer takes the queue lock,
// then the stats lock; the reporter takes the stats lock, then the queue lock. Both run
// at once; in this run the reporter's first report comes after the producer has
// finished (it sleeps first, as a periodic reporter does), so it never hangs, but
// under load the two can meet and wait for each other forever. `lockgraph run`
// reports the inversion from this harmless run.
#include <pthread.h>
#include <stdio.h>
#include <time.h>

static pthread_mutex_t queue_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static int queue[64];
static int queue_len;
static long produced, reported;

static void *producer(void *arg) {
  (void)arg;
  for (int i = 0; i < 64; i++) {
    pthread_mutex_lock(&queue_lock);
    queue[queue_len++] = i;
    pthread_mutex_lock(&stats_lock); // queue_lock -> stats_lock
    produced++;
    pthread_mutex_unlock(&stats_lock);
    pthread_mutex_unlock(&queue_lock);
  }
  return NULL;
}

static void *reporter(void *arg) {
  (void)arg;
  struct timespec period = {0, 50 * 1000 * 1000}; // the timing that hides the bug
  nanosleep(&period, NULL);
  pthread_mutex_lock(&stats_lock);
  pthread_mutex_lock(&queue_lock); // stats_lock -> queue_lock: the inversion
  reported = produced + queue_len;
  pthread_mutex_unlock(&queue_lock);
  pthread_mutex_unlock(&stats_lock);
  return NULL;
}

int main(void) {
  pthread_t p, r;
  pthread_create(&p, NULL, producer, NULL);
  pthread_create(&r, NULL, reporter, NULL);
  pthread_join(p, NULL);
  pthread_join(r, NULL);
  printf("produced %ld, reported %ld\n", produced, reported);
  return 0;
}
