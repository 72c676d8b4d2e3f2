// NEGATIVE: one writer. Only the config thread (started once) changes `generation`,
// once under the lock and once without it; the workers only read it under the lock. A
// lost update needs two writers at the same time, and there is one. (The unlocked
// update still races with the readers: that is a data race, not this rule.)
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long generation;

static void *config_thread(void *arg) {
  pthread_mutex_lock(&lock);
  generation += 2;
  pthread_mutex_unlock(&lock);
  generation++;
  return arg;
}

static void *worker(void *arg) {
  pthread_mutex_lock(&lock);
  long g = generation;
  pthread_mutex_unlock(&lock);
  return (void *)g;
}

int main(void) {
  pthread_t c, w[4];
  pthread_create(&c, 0, config_thread, 0);
  for (int i = 0; i < 4; i++)
    pthread_create(&w[i], 0, worker, 0);
  for (int i = 0; i < 4; i++)
    pthread_join(w[i], 0);
  pthread_join(c, 0);
  return 0;
}
