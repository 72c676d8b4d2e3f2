// Locks taken before main, from a static constructor, are tracked: the order A->B
// taken there and B->A taken in main form a cycle (also with a timed lock).
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <time.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

struct Early {
  Early() {
    pthread_mutex_lock(&A);
    pthread_mutex_lock(&B);
    pthread_mutex_unlock(&B);
    pthread_mutex_unlock(&A);
  }
};
static Early E;

int main() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME, &ts);
  ts.tv_sec += 10;
  pthread_mutex_lock(&B);
  int rc = pthread_mutex_timedlock(&A, &ts);
  if (rc == 0)
    pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  return rc;
}
