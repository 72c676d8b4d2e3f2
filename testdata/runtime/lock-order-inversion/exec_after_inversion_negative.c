// The other half of exec_self.c: the parent takes A -> B, execs its own binary, and
// the new image takes only B -> A. The lock graph does not survive exec (a new image
// has new locks, even at the same addresses), so the child's single order closes no
// cycle with the parent's. Nothing is reported, and the child's exit code 0 is the
// process's.
// expect-count: lock-order-inversion 0
// static-expect: lock-order-inversion (`lockgraph check` sees both orders in one program
// and does not know that exec separates them)
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
    take(&B, &A);
    return 0;
  }
  take(&A, &B);
  char *args[] = {argv[0], "child", 0};
  execv("/proc/self/exe", args);
  return 1; // exec failed
}
