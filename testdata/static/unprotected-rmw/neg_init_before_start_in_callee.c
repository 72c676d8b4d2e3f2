// NEGATIVE: start-up code one call down. main calls run(), which initializes the queue
// and only then starts the workers (lbzip2's process()); the workers use the queue
// under its lock. init_queue runs while the program has one thread.
#include <pthread.h>

static pthread_mutex_t qlock = PTHREAD_MUTEX_INITIALIZER;
static int queue_size;
static int queue_cap;

static void init_queue(int n) {
  for (int i = 0; i < n; i++) {
    queue_size++;
    queue_cap += 2;
  }
}

static void *worker(void *arg) {
  pthread_mutex_lock(&qlock);
  queue_size--;
  queue_cap -= 1;
  pthread_mutex_unlock(&qlock);
  return arg;
}

static int run(int n) {
  init_queue(n);
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], 0, worker, 0);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], 0);
  return queue_size;
}

int main(void) { return run(8); }
