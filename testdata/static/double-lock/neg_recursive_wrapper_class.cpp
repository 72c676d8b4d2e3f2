// NEGATIVE: libzmq's mutex_t keeps its pthread_mutexattr_t as a member and makes the
// mutex recursive in its constructor. A context that holds its own mutex_t while calling
// a method that locks it again re-enters a recursive mutex: no double lock, and no order
// edge into it either.
#include <pthread.h>

class mutex_t {
public:
  mutex_t() {
    pthread_mutexattr_init(&_attr);
    pthread_mutexattr_settype(&_attr, PTHREAD_MUTEX_RECURSIVE);
    pthread_mutex_init(&_mutex, &_attr);
  }
  ~mutex_t() {
    pthread_mutex_destroy(&_mutex);
    pthread_mutexattr_destroy(&_attr);
  }
  void lock() { pthread_mutex_lock(&_mutex); }
  void unlock() { pthread_mutex_unlock(&_mutex); }

private:
  pthread_mutex_t _mutex;
  pthread_mutexattr_t _attr;
};

class ctx_t {
public:
  int create_socket() {
    _slot_sync.lock();
    int n = ++_sockets;
    _slot_sync.unlock();
    return n;
  }
  int terminate() {
    _slot_sync.lock();
    int n = create_socket(); // re-enters _slot_sync: recursive by construction
    _slot_sync.unlock();
    return n;
  }

private:
  mutex_t _slot_sync;
  int _sockets = 0;
};

static ctx_t ctx;

static void *worker(void *) {
  ctx.terminate();
  return nullptr;
}

int main() {
  pthread_t t;
  pthread_create(&t, nullptr, worker, nullptr);
  ctx.create_socket();
  pthread_join(t, nullptr);
  return 0;
}
