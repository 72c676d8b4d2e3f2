// pigz-style lock helpers: a `lock` is a struct wrapping the pthread mutex, always
// handled through a pointer (the structs that use one hold a `lock *`), and
// possess()/release() take that pointer. Which lock a possess() call means is only
// known in the caller, as a chain of fields (p->have, s->pool->have).
#ifndef LOCKUTIL_H
#define LOCKUTIL_H
#include <pthread.h>

typedef struct lock_s {
  pthread_mutex_t mutex;
  long value;
} lock;

lock *new_lock(long initial);
void free_lock(lock *bolt);
void possess(lock *bolt);
void release(lock *bolt);

#endif
