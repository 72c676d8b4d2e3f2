// NEGATIVE: the logger updates its counters under state_lock, formats into a local
// buffer, unlocks, and only then writes and syncs (through sync_log(), a helper that
// blocks, called with no lock held). Nothing blocks inside the critical section.
#include <pthread.h>
#include <stdio.h>
#include <unistd.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static long events;
static int log_fd = 2;

static void sync_log(int fd) { fsync(fd); }

void log_event(const char *msg) {
  char line[256];
  pthread_mutex_lock(&state_lock);
  events++;
  int len = snprintf(line, sizeof line, "%ld %s\n", events, msg);
  int fd = log_fd;
  pthread_mutex_unlock(&state_lock);
  if (len > 0 && (size_t)len < sizeof line)
    write(fd, line, (size_t)len);
  sync_log(fd);
}

static void *client(void *arg) {
  (void)arg;
  log_event("request served");
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, client, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return 0;
}
