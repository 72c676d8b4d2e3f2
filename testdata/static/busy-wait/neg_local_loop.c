// NEGATIVE: loops that yield or sleep but test only local variables: settle() gives
// the other threads a fixed number of turns, backoff() sleeps a fixed number of times
// with a growing delay. No other thread's write ends them.
#define _DEFAULT_SOURCE // usleep under strict -std=c11
#include <sched.h>
#include <unistd.h>

void settle(int rounds) {
  for (int i = 0; i < rounds; i++)
    sched_yield();
}

void backoff(int attempts) {
  unsigned delay = 10;
  while (attempts > 0) {
    usleep(delay);
    delay *= 2;
    attempts--;
  }
}
