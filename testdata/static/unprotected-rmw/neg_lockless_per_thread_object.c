// NEGATIVE: each worker updates its own struct (fio's t/dedupe.c worker_thread). The
// field is named by its type, `struct worker.items`, like every worker's: with no lock
// anywhere to tell objects apart, a lockless field update through a pointer is not
// reported (only globals and statics are, whose identity is known).
#include <pthread.h>
#include <stdlib.h>

struct worker {
  pthread_t thread;
  long items;
  long dupes;
};

static void *work(void *arg) {
  struct worker *w = arg;
  for (int i = 0; i < 100; i++) {
    w->items++;
    w->dupes += i & 1;
  }
  return 0;
}

int main(void) {
  struct worker *ws = calloc(4, sizeof(*ws));
  for (int i = 0; i < 4; i++)
    pthread_create(&ws[i].thread, 0, work, &ws[i]);
  for (int i = 0; i < 4; i++)
    pthread_join(ws[i].thread, 0);
  free(ws);
  return 0;
}
