// Another thread holds a mutex while the main thread forks. The child (one thread)
// keeps locking other mutexes and creating threads; nothing is reported in either
// process, and the child exits 0.
// expect-count: lock-order-inversion 0
#include <pthread.h>
#include <sys/wait.h>
#include <unistd.h>

static pthread_mutex_t Held = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t X = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t Y = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t Go = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t GoCv = PTHREAD_COND_INITIALIZER;
static pthread_barrier_t Bar;
static int Release;

static void *holder(void *p) {
  pthread_mutex_lock(&Held);
  pthread_barrier_wait(&Bar); // Held is taken // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_lock(&Go);
  while (!Release)
    pthread_cond_wait(&GoCv, &Go); // static-expect: blocking-under-lock (held on purpose to stage the run)
  pthread_mutex_unlock(&Go);
  pthread_mutex_unlock(&Held);
  return p;
}

static void *child_worker(void *p) {
  pthread_mutex_lock(&X);
  pthread_mutex_lock(&Y);
  pthread_mutex_unlock(&Y);
  pthread_mutex_unlock(&X);
  return p;
}

int main(void) {
  pthread_barrier_init(&Bar, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, holder, 0);
  pthread_barrier_wait(&Bar);
  pid_t pid = fork();
  if (pid == 0) {
    for (int i = 0; i < 100; ++i)
      child_worker(0);
    pthread_t c;
    pthread_create(&c, 0, child_worker, 0);
    pthread_join(c, 0);
    _exit(0);
  }
  int status = -1;
  waitpid(pid, &status, 0);
  pthread_mutex_lock(&Go);
  Release = 1;
  pthread_cond_signal(&GoCv);
  pthread_mutex_unlock(&Go);
  pthread_join(t, 0);
  child_worker(0);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}
