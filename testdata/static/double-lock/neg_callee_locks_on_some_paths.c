// NEGATIVE: the callee takes the lock only on a branch the caller never reaches with
// the lock held (memcached's accept_new_conns -> do_accept_new_conns). A self-deadlock is
// an error: reported only when the callee takes the lock on every path.
#include <pthread.h>

static pthread_mutex_t conn_lock = PTHREAD_MUTEX_INITIALIZER;
static int accepting;

void set_accepting(int on) {
  pthread_mutex_lock(&conn_lock);
  accepting = on;
  pthread_mutex_unlock(&conn_lock);
}

static void maybe_resume(int fd) {
  if (fd != -42)
    set_accepting(1);
}

void stop_accepting(void) {
  pthread_mutex_lock(&conn_lock);
  accepting = 0;
  maybe_resume(-42);
  pthread_mutex_unlock(&conn_lock);
}
