// Two threads run the two orders at the same time, many times. The reverse order
// uses a timed lock (a blocking request with a timeout), so the program cannot hang,
// but it is a real hold-and-wait: reported exactly once.
// expect-count: lock-order-inversion 1
#include <errno.h>
#include <pthread.h>
#include <time.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void *ab(void *p) {
  for (int i = 0; i < 2000; ++i) {
    pthread_mutex_lock(&A);
    pthread_mutex_lock(&B);
    pthread_mutex_unlock(&B);
    pthread_mutex_unlock(&A);
  }
  return p;
}

static void *ba(void *p) {
  for (int i = 0; i < 2000; ++i) {
    struct timespec ts;
    clock_gettime(CLOCK_REALTIME, &ts);
    ts.tv_nsec += 1000000;
    if (ts.tv_nsec >= 1000000000) {
      ts.tv_sec += 1;
      ts.tv_nsec -= 1000000000;
    }
    pthread_mutex_lock(&B);
    if (pthread_mutex_timedlock(&A, &ts) == 0)
      pthread_mutex_unlock(&A);
    pthread_mutex_unlock(&B);
  }
  return p;
}

int main(void) {
  pthread_t t1, t2;
  pthread_create(&t1, 0, ab, 0);
  pthread_create(&t2, 0, ba, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  return 0;
}
