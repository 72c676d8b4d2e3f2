// A worker forks while another thread holds two locks: a mutex, and a semaphore used
// as one (as CPython's locks are). In the child only the forking thread exists: like
// CPython's after-fork handling, it destroys and re-creates the locks the vanished
// thread held, then its thread returns. Those locks are no leak of the child's: the
// child must exit 0 with nothing reported (the parent exits with the child's verdict).
#include <pthread.h>
#include <semaphore.h>
#include <sys/wait.h>
#include <unistd.h>

static sem_t Held;
static pthread_mutex_t M = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Ready, Done;
static int ChildFailed;

static void *holder(void *p) {
  pthread_mutex_lock(&M);
  sem_wait(&Held); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_barrier_wait(&Ready); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_barrier_wait(&Done); // holds both while the other thread forks // static-expect: blocking-under-lock (held on purpose to stage the run)
  sem_post(&Held);
  pthread_mutex_unlock(&M);
  return p;
}

static void *forker(void *p) {
  pthread_barrier_wait(&Ready);
  pid_t Pid = fork();
  if (Pid == 0) {
    // Stuck for good: their holder does not exist here. (glibc's destroy of a locked
    // mutex may say EBUSY; the init makes it usable either way.)
    pthread_mutex_destroy(&M);
    pthread_mutex_init(&M, 0);
    sem_destroy(&Held);
    sem_init(&Held, 0, 1);
    pthread_mutex_lock(&M);
    sem_wait(&Held); // static-expect: blocking-under-lock (held on purpose to stage the run)
    sem_post(&Held);
    pthread_mutex_unlock(&M);
    return p; // this thread ends the child: exit(0), as glibc does for a last thread
  }
  int Status = 0;
  waitpid(Pid, &Status, 0);
  ChildFailed = !WIFEXITED(Status) || WEXITSTATUS(Status) != 0;
  pthread_barrier_wait(&Done);
  return p;
}

int main(void) {
  sem_init(&Held, 0, 1);
  pthread_barrier_init(&Ready, 0, 2);
  pthread_barrier_init(&Done, 0, 2);
  pthread_t A, B;
  pthread_create(&A, 0, holder, 0);
  pthread_create(&B, 0, forker, 0);
  pthread_join(B, 0);
  pthread_join(A, 0);
  return ChildFailed;
}
