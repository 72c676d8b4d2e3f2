// NEGATIVE: read_request() blocks in recv, but neither it nor its caller holds a lock
// there: the connection thread takes stats_lock only after the data arrived, to add
// the byte count.
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include <sys/types.h>

static pthread_mutex_t stats_lock = PTHREAD_MUTEX_INITIALIZER;
static long bytes_in;

static int read_request(int fd, char *buf, size_t n) { return (int)recv(fd, buf, n, 0); }

void *conn_thread(void *arg) {
  int fd = (int)(intptr_t)arg;
  char buf[512];
  for (;;) {
    int n = read_request(fd, buf, sizeof buf);
    if (n <= 0)
      break;
    pthread_mutex_lock(&stats_lock);
    bytes_in += n;
    pthread_mutex_unlock(&stats_lock);
  }
  return NULL;
}

long total_bytes(void) {
  pthread_mutex_lock(&stats_lock);
  long n = bytes_in;
  pthread_mutex_unlock(&stats_lock);
  return n;
}
