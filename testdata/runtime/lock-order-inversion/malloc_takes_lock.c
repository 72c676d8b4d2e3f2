// The program's own malloc takes a pthread mutex. dlsym, dlopen (for the unwinder) and
// the C library call this malloc while the runtime is initializing and resolving the
// real functions: those lock calls must pass through without recursion or hang, and
// the program's own locking must still be tracked afterwards (an inversion between
// main and a worker). The worker is created before main takes A -> B and joined only
// after it has taken B -> A, so the orders could overlap in time; a barrier (not a
// happens-before edge for lockgraph) makes the worker wait for main's order.
// expect-count: lock-order-inversion 1
#include <pthread.h>
#include <stddef.h>
#include <string.h>

static pthread_mutex_t HeapLock = PTHREAD_MUTEX_INITIALIZER;
static _Alignas(16) char Heap[64 << 20];
static size_t Used;

void *malloc(size_t n) {
  pthread_mutex_lock(&HeapLock);
  size_t *p = 0;
  size_t need = ((n + 15) & ~(size_t)15) + 16;
  if (Used + need <= sizeof(Heap)) {
    p = (size_t *)(Heap + Used);
    *p = n;
    Used += need;
  }
  pthread_mutex_unlock(&HeapLock);
  return p ? (char *)p + 16 : 0;
}
void free(void *p) { (void)p; }
void *calloc(size_t a, size_t b) {
  void *p = malloc(a * b);
  if (p)
    memset(p, 0, a * b);
  return p;
}
void *realloc(void *old, size_t n) {
  void *p = malloc(n);
  if (p && old) {
    size_t was = *(size_t *)((char *)old - 16);
    memcpy(p, old, was < n ? was : n);
  }
  return p;
}

static pthread_mutex_t A = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t B = PTHREAD_MUTEX_INITIALIZER;
static pthread_barrier_t Taken;

static void *worker(void *p) {
  pthread_barrier_wait(&Taken); // main has taken A -> B
  pthread_mutex_lock(&B);
  void *m = malloc(100); // B -> HeapLock: consistent order, not a cycle
  pthread_mutex_lock(&A);
  pthread_mutex_unlock(&A);
  pthread_mutex_unlock(&B);
  free(m);
  return p;
}

int main(void) {
  pthread_barrier_init(&Taken, 0, 2);
  pthread_t t;
  pthread_create(&t, 0, worker, 0);
  pthread_mutex_lock(&A);
  pthread_mutex_lock(&B);
  pthread_mutex_unlock(&B);
  pthread_mutex_unlock(&A);
  pthread_barrier_wait(&Taken); // the worker's turn
  pthread_join(t, 0);
  pthread_barrier_destroy(&Taken);
  return 0;
}
