// The fix: both threads take the two locks in one order, and a trylock that fails is
// followed by a blocking lock. Nobody spins, nobody livelocks.
// expect-count: livelock 0
// expect-count: busy-wait 0
#include <pthread.h>
#include <stdio.h>

static pthread_mutex_t first = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t second = PTHREAD_MUTEX_INITIALIZER;
static long meals;

static void *diner(void *arg) {
  (void)arg;
  for (int r = 0; r < 20000; r++) {
    if (pthread_mutex_trylock(&first) != 0)
      pthread_mutex_lock(&first);
    pthread_mutex_lock(&second);
    meals++;
    pthread_mutex_unlock(&second);
    pthread_mutex_unlock(&first);
  }
  return NULL;
}

int main(void) {
  pthread_t a, b;
  pthread_create(&a, NULL, diner, NULL);
  pthread_create(&b, NULL, diner, NULL);
  pthread_join(a, NULL);
  pthread_join(b, NULL);
  printf("%ld\n", meals);
  return 0;
}
