// NEGATIVE: a macro's `do { ... } while (0)` runs once (apr's POLLCB_PREREQ). It tests
// a flag another function sets and returns early, with a yield in the same statement:
// no loop, so no busy wait.
#include <sched.h>
#include <stddef.h>

static void *pollcb;

#define PREREQ()                                                                           \
  do {                                                                                     \
    if (pollcb == NULL) {                                                                  \
      sched_yield();                                                                       \
      return;                                                                              \
    }                                                                                      \
  } while (0)

void setup(void) {
  static int storage;
  pollcb = &storage;
}

void trigger(void) {
  PREREQ();
  pollcb = NULL;
}
