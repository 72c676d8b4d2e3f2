// NEGATIVE: redis's module GIL. The helper called under the GIL asserts a condition;
// the failed assertion writes a crash report and aborts. That write happens only on a
// path that never returns: it holds nobody up for long.
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t module_gil = PTHREAD_MUTEX_INITIALIZER;
static int nesting;

static void assert_failed(const char *what) {
  write(2, what, strlen(what));
  abort();
}

#define ASSERT(e) ((e) ? (void)0 : (assert_failed(#e), __builtin_unreachable()))

static void after_lock(void) {
  ASSERT(nesting == 0);
  nesting++;
}

void context_lock(void) {
  pthread_mutex_lock(&module_gil);
  after_lock();
}

void context_unlock(void) {
  nesting = 0;
  pthread_mutex_unlock(&module_gil);
}
