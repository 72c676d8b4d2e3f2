// NEGATIVE: one lock reached by two chains of fields (fio's zbd_close_zone). The zone
// code takes the zone info's mutex through a local (`zi = f->info; lock(&zi->mutex)`),
// and the caller of close_zone() holds it as `f->info->mutex`. Both are the mutex of a
// `struct zone_info`: the helper's update holds the guard.
#include <pthread.h>

struct zone_info {
  pthread_mutex_t mutex;
};

struct file {
  struct zone_info *info;
};

struct job {
  int open_zones;
};

static void close_zone(struct job *td) { td->open_zones--; }

void reset_zones(struct job *td, struct file *f) {
  pthread_mutex_lock(&f->info->mutex);
  close_zone(td);
  pthread_mutex_unlock(&f->info->mutex);
}

void open_zone(struct job *td, struct file *f) {
  struct zone_info *zi = f->info;
  pthread_mutex_lock(&zi->mutex);
  td->open_zones++;
  pthread_mutex_unlock(&zi->mutex);
}

int count_open(struct job *td, struct file *f) {
  struct zone_info *zi = f->info;
  pthread_mutex_lock(&zi->mutex);
  int n = td->open_zones;
  pthread_mutex_unlock(&zi->mutex);
  return n;
}
