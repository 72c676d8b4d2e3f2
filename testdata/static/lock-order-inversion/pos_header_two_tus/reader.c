#include "ring.h"

void *reader_thread(void *arg) {
  long seen = 0;
  (void)arg;
  for (int i = 0; i < 16; i++)
    seen += meta_touch();
  ring_push((int)seen);
  return 0;
}
