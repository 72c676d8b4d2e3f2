// POSITIVE, reported ONCE: the inversion lives in this header's static inline helpers,
// which writer.c and reader.c both include and call. Each translation unit sees the
// whole cycle ring_lock <-> meta_lock at the same two header lines; the program has one
// cycle, so lockgraph must merge them into one finding (at the first edge, below).
#ifndef RING_H
#define RING_H
#include <pthread.h>

extern pthread_mutex_t ring_lock;
extern pthread_mutex_t meta_lock;
extern int ring_head;
extern long meta_version;

static inline void ring_push(int value) {
  pthread_mutex_lock(&ring_lock);
  pthread_mutex_lock(&meta_lock); // expect: lock-order-inversion
  ring_head = value;
  meta_version++;
  pthread_mutex_unlock(&meta_lock);
  pthread_mutex_unlock(&ring_lock);
}

static inline long meta_touch(void) {
  long v;
  pthread_mutex_lock(&meta_lock);
  pthread_mutex_lock(&ring_lock);
  meta_version++;
  v = meta_version + ring_head;
  pthread_mutex_unlock(&ring_lock);
  pthread_mutex_unlock(&meta_lock);
  return v;
}

#endif
