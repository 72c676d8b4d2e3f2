/* A lock graph of N locks (argv[1], default 1000) for the HTML page's tests and bench:
 * a chain 0 -> 1 -> ... -> N-1, 2N forward shortcuts i -> j (i < j, so no cycle), and
 * three inversions that close small cycles: 11 -> 10, 502 -> 500 and 903 -> 900 (for
 * N = 1000). One thread takes every pair in turn: nothing ever blocks. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static void pair(pthread_mutex_t *locks, int first, int second) {
  pthread_mutex_lock(&locks[first]);
  pthread_mutex_lock(&locks[second]);
  pthread_mutex_unlock(&locks[second]);
  pthread_mutex_unlock(&locks[first]);
}

int main(int argc, char **argv) {
  int n = argc > 1 ? atoi(argv[1]) : 1000;
  if (n < 20) {
    fprintf(stderr, "many_locks: need at least 20 locks\n");
    return 2;
  }
  pthread_mutex_t *locks = calloc((size_t)n, sizeof *locks);
  for (int i = 0; i < n; i++)
    pthread_mutex_init(&locks[i], NULL);
  for (int i = 0; i + 1 < n; i++)
    pair(locks, i, i + 1);
  unsigned seed = 12345;
  for (int k = 0; k < 2 * n; k++) {
    seed = seed * 1103515245u + 12345u;
    int i = (int)((seed >> 8) % (unsigned)(n - 1));
    seed = seed * 1103515245u + 12345u;
    int j = i + 1 + (int)((seed >> 8) % (unsigned)(n - 1 - i));
    pair(locks, i, j);
  }
  int back[3][2] = {{n / 100 + 1, n / 100}, {n / 2 + 2, n / 2}, {n * 9 / 10 + 3, n * 9 / 10}};
  for (int k = 0; k < 3; k++)
    pair(locks, back[k][0], back[k][1]);
  printf("%d locks\n", n);
  return 0;
}
