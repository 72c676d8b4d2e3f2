// NEGATIVE: lbzip2's compressor. A worker takes a block off the queue under the
// scheduler lock, works on it unlocked, and, if the block has input left, puts it
// back on the queue under the lock. The test reads the block's own field; that the
// pointer came from the queue does not make the test one of the queue. Nor does a test
// of the pointer taken off the queue (the dequeue changed the queue: the block is the
// worker's own).
#include <pthread.h>
#include <stddef.h>

struct in_blk {
  size_t left;
};

static pthread_mutex_t sched_mutex = PTHREAD_MUTEX_INITIALIZER;
static struct in_blk *coll_q[64];
static unsigned coll_size;

static void enqueue(struct in_blk *b) { coll_q[coll_size++] = b; }

static struct in_blk *take(struct in_blk **q, unsigned at) { return q[at]; }

void collect_some(void) {
  pthread_mutex_lock(&sched_mutex);
  struct in_blk *iblk = coll_q[--coll_size];
  pthread_mutex_unlock(&sched_mutex);
  iblk->left /= 2;
  if (0u < iblk->left) {
    pthread_mutex_lock(&sched_mutex);
    enqueue(iblk);
    pthread_mutex_unlock(&sched_mutex);
  }
}

void collect_more(void) {
  struct in_blk *iblk = NULL;
  pthread_mutex_lock(&sched_mutex);
  if (coll_size > 0)
    iblk = take(coll_q, --coll_size);
  pthread_mutex_unlock(&sched_mutex);
  if (iblk != NULL) {
    iblk->left /= 2;
    pthread_mutex_lock(&sched_mutex);
    enqueue(iblk);
    pthread_mutex_unlock(&sched_mutex);
  }
}
