// POSITIVE: flush_to_disk() takes no lock of its own and calls fsync. commit() calls
// it while holding wal_lock, so every committer waits for the disk: reported at that
// call in commit(). checkpoint() copies the descriptor under the lock and flushes
// after unlocking: not reported.
#include <pthread.h>
#include <stddef.h>
#include <unistd.h>

static pthread_mutex_t wal_lock = PTHREAD_MUTEX_INITIALIZER;
static int wal_fd = 3;
static long wal_lsn;

static void flush_to_disk(int fd) { fsync(fd); }

long commit(long bytes) {
  pthread_mutex_lock(&wal_lock);
  wal_lsn += bytes;
  long lsn = wal_lsn;
  flush_to_disk(wal_fd); // expect: blocking-under-lock
  pthread_mutex_unlock(&wal_lock);
  return lsn;
}

void checkpoint(void) {
  pthread_mutex_lock(&wal_lock);
  int fd = wal_fd;
  pthread_mutex_unlock(&wal_lock);
  flush_to_disk(fd);
}

static void *writer(void *arg) {
  (void)arg;
  commit(128);
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, writer, NULL);
  checkpoint();
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}
