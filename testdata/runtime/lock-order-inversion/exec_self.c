// Programs that exec stay watched: the preload library is inherited through the
// environment (LD_PRELOAD, LOCKGRAPH_OPTIONS), so the new image loads it again. The
// parent takes A -> B, then (holding nothing) execs its own binary with the argument
// "child"; the child takes A -> B and B -> A and is reported once. The parent's
// edge dies with its image: the child's report is its own, and the exit code is the
// child's (0, made 66 by the finding).
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;

static void take(pthread_mutex_t *x, pthread_mutex_t *y) {
  pthread_mutex_lock(x);
  pthread_mutex_lock(y);
  pthread_mutex_unlock(y);
  pthread_mutex_unlock(x);
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "child") == 0) {
    take(&A, &B);
    take(&B, &A);
    return 0;
  }
  take(&A, &B);
  char *args[] = {argv[0], "child", 0};
  execv("/proc/self/exe", args);
  return 1; // exec failed
}
