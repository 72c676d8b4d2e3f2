// POSITIVE: log_event() writes to the log file descriptor while holding state_lock.
// A slow disk or a full pipe stalls every thread that needs state_lock, including
// event_count(), which only wants to read a counter.
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <unistd.h>

static pthread_mutex_t state_lock = PTHREAD_MUTEX_INITIALIZER;
static long events;
static int log_fd = 2;

void log_event(const char *msg) {
  pthread_mutex_lock(&state_lock);
  events++;
  write(log_fd, msg, strlen(msg)); // expect: blocking-under-lock
  pthread_mutex_unlock(&state_lock);
}

long event_count(void) {
  pthread_mutex_lock(&state_lock);
  long n = events;
  pthread_mutex_unlock(&state_lock);
  return n;
}

static void *client(void *arg) {
  (void)arg;
  log_event("request served\n");
  return NULL;
}

int main(void) {
  pthread_t t[2];
  for (int i = 0; i < 2; i++)
    pthread_create(&t[i], NULL, client, NULL);
  for (int i = 0; i < 2; i++)
    pthread_join(t[i], NULL);
  return event_count() == 2 ? 0 : 1;
}
