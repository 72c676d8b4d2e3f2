// A semaphore initialised to 0 is a signal, not a lock: a consumer sem_waits on it
// and a producer in another thread sem_posts it, inside a program that takes its two
// mutexes in one order (A -> B). Were the semaphore tracked as a lock, the consumer
// would "hold" it forever (it never posts it): every later wait would look like a
// double-lock, its exit a lock-leak, each producer post a bad-unlock, and the edges
// Ready -> A -> B plus main's B -> Ready at the end a cycle. None of these is real:
// nothing is reported at all.
// expect-count: lock-order-inversion 0
// expect-count: bad-unlock 0
// expect-count: lock-leak 0
// expect-count: double-lock 0
#include <pthread.h>
#include <semaphore.h>

#define ROUNDS 200

static sem_t Ready; // starts at 0: a signal
static sem_t Done;  // starts at 0: a signal back
static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static int Value;

static void *producer(void *p) {
  for (int i = 0; i < ROUNDS; ++i) {
    pthread_mutex_lock(&A);
    pthread_mutex_lock(&B);
    ++Value;
    sem_post(&Ready); // "released" by a thread that never took it
    pthread_mutex_unlock(&B);
    pthread_mutex_unlock(&A);
    sem_wait(&Done);
  }
  return p;
}

static void *consumer(void *p) {
  for (int i = 0; i < ROUNDS; ++i) {
    sem_wait(&Ready); // "acquired" and never posted by this thread
    pthread_mutex_lock(&A);
    pthread_mutex_lock(&B); // A -> B, like the producer
    pthread_mutex_unlock(&B);
    pthread_mutex_unlock(&A);
    sem_post(&Done);
  }
  return p;
}

int main(void) {
  sem_init(&Ready, 0, 0);
  sem_init(&Done, 0, 0);
  pthread_t t1, t2;
  pthread_create(&t1, 0, consumer, 0);
  pthread_create(&t2, 0, producer, 0);
  pthread_join(t1, 0);
  pthread_join(t2, 0);
  // One more signal, waited for while holding B: B -> Ready would close the cycle
  // with the consumer's Ready -> B if the signal were a lock.
  sem_post(&Ready);
  pthread_mutex_lock(&B);
  sem_wait(&Ready); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_unlock(&B);
  sem_destroy(&Ready);
  sem_destroy(&Done);
  return Value == ROUNDS ? 0 : 1;
}
