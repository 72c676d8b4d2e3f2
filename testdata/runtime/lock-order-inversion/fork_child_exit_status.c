// The exitcode option answers for a process's own findings: after the parent reported
// an inversion, a fork child and a vfork child that exit 0 must still exit 0 (a runner
// that checks its workers' statuses would otherwise see them all fail). The parent
// itself exits 66; it returns 1 if a child's status was changed.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER, B = PTHREAD_MUTEX_INITIALIZER;

int main(void) {
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_lock(&A); // the inversion, reported in this process
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);

  int Status = -1;
  pid_t Pid = fork();
  if (Pid == 0)
    return 0;
  waitpid(Pid, &Status, 0);
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    return 1;
  Pid = vfork();
  if (Pid == 0)
    _exit(0);
  waitpid(Pid, &Status, 0);
  if (!WIFEXITED(Status) || WEXITSTATUS(Status) != 0)
    return 1;
  return 0;
}
