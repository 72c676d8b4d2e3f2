// NEGATIVE: lockless updates that cannot race. One logger thread, started once, is the
// only one to bump `lines`; main only reads it after the join; `ticks` is main's own
// until it starts the thread; `scratch` is bumped through a pointer to a local each
// thread owns (not global or heap data: its address is handed to one thread only).
#include <pthread.h>

static long lines;
static long ticks;

static void *logger(void *arg) {
  for (int i = 0; i < 10; i++)
    lines++;
  long *scratch = arg;
  (*scratch)++;
  return 0;
}

static void tick(void) { ticks++; }

int main(void) {
  long scratch = 0;
  tick();
  tick();
  pthread_t t;
  pthread_create(&t, 0, logger, &scratch);
  pthread_join(t, 0);
  return (int)(lines + ticks);
}
