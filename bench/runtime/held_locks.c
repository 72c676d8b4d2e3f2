// held_locks [N]: one thread takes N mutexes in one order and holds them all, then
// releases them (no inversion: nothing to report). Every new lock is acquired while
// all the previous ones are held, so the lock graph gets N*(N-1)/2 edges: the worst
// case for the size of the trace (`run_held_locks_bench.sh`).
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  pthread_mutex_t *m = calloc((size_t)n, sizeof *m);
  if (!m)
    return 1;
  for (int i = 0; i < n; i++)
    pthread_mutex_init(&m[i], NULL);
  for (int i = 0; i < n; i++)
    pthread_mutex_lock(&m[i]);
  for (int i = n - 1; i >= 0; i--)
    pthread_mutex_unlock(&m[i]);
  printf("held %d locks\n", n);
  free(m);
  return 0;
}
