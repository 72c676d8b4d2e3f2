// A program that ends with _exit(3) right after an inversion: _exit runs no atexit
// handlers or destructors, so the report must already be on stderr when the cycle
// closes (it is printed at once, not at exit), and the program's own exit code 3 is
// kept. The thread taking A -> B is created before it and never joined, so the
// orders could overlap in time; a barrier (not a happens-before edge for lockgraph)
// makes main take B -> A only after it, so nothing blocks.
// expect-count: lock-order-inversion 1
// expect-exit: 3
#include <pthread.h>
#include <unistd.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Taken;

static void *ab(void *p) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_barrier_wait(&Taken); // A -> B taken: main's turn
  return p;
}

int main(void) {
  pthread_barrier_init(&Taken, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, ab, 0);
  pthread_barrier_wait(&Taken);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A);
  _exit(3); // still holding both
}
