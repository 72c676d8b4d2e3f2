// POSITIVE: threads started through a wrapper and a trampoline (lbzip2's xcreate and
// thread_entry): pthread_create runs thread_entry, which calls the function it was
// given. The reader and the scanner both bump `chunks` with no lock; the roots are the
// functions passed to xcreate, not the trampoline.
#include <pthread.h>

static unsigned long chunks;

static void *thread_entry(void *real_entry) {
  ((void (*)(void))real_entry)();
  return 0;
}

static pthread_t xcreate(void (*entry)(void)) {
  pthread_t t;
  pthread_create(&t, 0, thread_entry, (void *)entry);
  return t;
}

static void reader(void) {
  chunks++; // expect: unprotected-rmw
}

static void scanner(void) {
  chunks += 2; // expect: unprotected-rmw
}

int main(void) {
  pthread_t a = xcreate(reader);
  pthread_t b = xcreate(scanner);
  pthread_join(a, 0);
  pthread_join(b, 0);
  return (int)chunks;
}
