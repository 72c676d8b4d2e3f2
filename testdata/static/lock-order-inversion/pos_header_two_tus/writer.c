#include "ring.h"

pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
pthread_mutex_t meta_lock = PTHREAD_MUTEX_INITIALIZER;
int ring_head;
long meta_version;

void *writer_thread(void *arg) {
  (void)arg;
  for (int i = 0; i < 16; i++)
    ring_push(i);
  (void)meta_touch();
  return 0;
}
