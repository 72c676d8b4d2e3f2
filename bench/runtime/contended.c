/* Lock-contention workload for comparing contention profilers (mutrace, lockgraph).
 *
 * Four threads, two global mutexes with distinct names:
 *   hot_lock   taken by every thread on every iteration (hot_section(), a short
 *              critical section of ~ a few hundred ns of real work on a shared array);
 *   cold_lock  taken by every thread once per COLD_EVERY iterations (cold_section()).
 * One "heavy holder" site: thread 0 holds hot_lock in rare_heavy_section() every
 * HEAVY_EVERY iterations for ~200 us of work, so the site that makes the others wait
 * is identifiable by function name.
 *
 * All work is a fixed number of loop rounds (never time-based) and every shared
 * update is an addition of a value that depends only on (thread, iteration), so the
 * printed checksum does not depend on the interleaving.
 *
 * Build: clang-19 -O2 -pthread [-rdynamic -fno-omit-frame-pointer] -o contended contended.c
 * Usage: contended [ITERATIONS]   (iterations per thread; default 600000)
 */
#define _GNU_SOURCE
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define NTHREADS 4
#define DEFAULT_ITERATIONS 600000UL
#define COLD_EVERY 1000UL  /* cold_lock once per this many iterations */
#define HEAVY_EVERY 5000UL /* thread 0: rare_heavy_section() once per this many */
#define HOT_ROUNDS 768     /* array updates per hot critical section (~ 200-300 ns) */
#define LOCAL_ROUNDS 128   /* unlocked per-thread work between two hot sections */
#define HEAVY_ROUNDS 500000 /* array updates in the heavy section (~ 200 us) */
#define HOT_SLOTS 64
#define COLD_SLOTS 16

/* Locks and lock-taking functions are non-static so that their names are in the
 * symbol table and, with -rdynamic, in the dynamic one: glibc's backtrace_symbols()
 * (used by mutrace) names only dynamic symbols. mutrace walks frame pointers, so
 * build with -fno-omit-frame-pointer for stacks deeper than one frame. */
pthread_mutex_t hot_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t cold_lock = PTHREAD_MUTEX_INITIALIZER;

static uint64_t hot_data[HOT_SLOTS];   /* guarded by hot_lock */
static uint64_t cold_data[COLD_SLOTS]; /* guarded by cold_lock */
static uint64_t hot_count, cold_count, heavy_count; /* guarded by their locks */

static unsigned long iterations = DEFAULT_ITERATIONS;

/* Keeps the compiler from folding or vectorizing the loops: each round really
 * loads, adds and stores. */
#define BARRIER() __asm__ __volatile__("" ::: "memory")

static inline uint64_t mix(uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  return x;
}

__attribute__((noinline)) uint64_t local_work(uint64_t seed) {
  uint64_t x = seed | 1;
  for (int r = 0; r < LOCAL_ROUNDS; r++) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    BARRIER();
  }
  return x;
}

__attribute__((noinline)) void hot_section(uint64_t v) {
  pthread_mutex_lock(&hot_lock);
  for (int r = 0; r < HOT_ROUNDS; r++) {
    hot_data[(v + (uint64_t)r) % HOT_SLOTS] += v + (uint64_t)r;
    BARRIER();
  }
  hot_count++;
  pthread_mutex_unlock(&hot_lock);
}

__attribute__((noinline)) void cold_section(uint64_t v) {
  pthread_mutex_lock(&cold_lock);
  for (int r = 0; r < HOT_ROUNDS; r++) {
    cold_data[(v + (uint64_t)r) % COLD_SLOTS] += v ^ (uint64_t)r;
    BARRIER();
  }
  cold_count++;
  pthread_mutex_unlock(&cold_lock);
}

__attribute__((noinline)) void rare_heavy_section(uint64_t v) {
  pthread_mutex_lock(&hot_lock);
  for (int r = 0; r < HEAVY_ROUNDS; r++) {
    hot_data[(uint64_t)r % HOT_SLOTS] += v * (uint64_t)r + 1;
    BARRIER();
  }
  heavy_count++;
  pthread_mutex_unlock(&hot_lock);
}

__attribute__((noinline)) void *worker(void *arg) {
  uint64_t tid = (uint64_t)(uintptr_t)arg;
  for (unsigned long i = 0; i < iterations; i++) {
    uint64_t v = mix((tid << 40) ^ (uint64_t)i);
    v ^= local_work(v) & 0xffff;
    hot_section(v);
    if (i % COLD_EVERY == COLD_EVERY - 1)
      cold_section(v);
    if (tid == 0 && i % HEAVY_EVERY == HEAVY_EVERY / 2)
      rare_heavy_section(v);
  }
  return NULL;
}

int main(int argc, char **argv) {
  if (argc > 2) {
    fprintf(stderr, "usage: %s [ITERATIONS]\n", argv[0]);
    return 2;
  }
  if (argc == 2) {
    char *end;
    errno = 0;
    iterations = strtoul(argv[1], &end, 10);
    if (errno || *end || end == argv[1] || iterations == 0) {
      fprintf(stderr, "contended: bad ITERATIONS: %s\n", argv[1]);
      return 2;
    }
  }

  pthread_t th[NTHREADS];
  for (uintptr_t t = 0; t < NTHREADS; t++) {
    int e = pthread_create(&th[t], NULL, worker, (void *)t);
    if (e) {
      fprintf(stderr, "contended: pthread_create: error %d\n", e);
      return 1;
    }
  }
  for (int t = 0; t < NTHREADS; t++)
    pthread_join(th[t], NULL);

  uint64_t sum = 0;
  for (int k = 0; k < HOT_SLOTS; k++)
    sum = mix(sum ^ hot_data[k]);
  for (int k = 0; k < COLD_SLOTS; k++)
    sum = mix(sum ^ cold_data[k]);
  printf("contended: threads=%d iterations=%lu hot=%" PRIu64 " cold=%" PRIu64
         " heavy=%" PRIu64 " checksum=%016" PRIx64 "\n",
         NTHREADS, iterations, hot_count, cold_count, heavy_count, sum);
  return 0;
}
