// POSITIVE: the consumer loops, but the `if` around the wait is not the loop's test:
// after a spurious or stolen wake-up it calls pop(), which takes from an empty queue,
// before anything tests the length again.
#include <pthread.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t nonempty = PTHREAD_COND_INITIALIZER;
static int items[16], count;

static int pop(void) { return items[--count]; }

static void handle(int job) { (void)job; }

void *consumer(void *arg) {
  for (;;) {
    pthread_mutex_lock(&lock);
    if (count == 0)
      pthread_cond_wait(&nonempty, &lock); // expect: cond-wait-no-loop
    handle(pop());
    pthread_mutex_unlock(&lock);
  }
  return arg;
}
