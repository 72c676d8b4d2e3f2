// POSITIVE: self-deadlock through libzmq-style hand-written mutex classes. mutex_t wraps
// a non-recursive pthread mutex (default attributes) with lock()/unlock() members, and
// scoped_lock_t is an RAII guard holding a reference to the mutex it locked.
// pipe_t::flush() holds mtx_ through a guard when it calls pending(), whose own guard
// locks the same member mutex of the same object again: the thread blocks on itself.
// Reported at the call in flush() that performs the second acquisition.
#include <pthread.h>
#include <thread>

class mutex_t {
 public:
  mutex_t() { pthread_mutex_init(&m_, nullptr); }
  ~mutex_t() { pthread_mutex_destroy(&m_); }
  void lock() { pthread_mutex_lock(&m_); }
  void unlock() { pthread_mutex_unlock(&m_); }

 private:
  pthread_mutex_t m_;
  mutex_t(const mutex_t &) = delete;
  const mutex_t &operator=(const mutex_t &) = delete;
};

struct scoped_lock_t {
  explicit scoped_lock_t(mutex_t &m) : m_(m) { m_.lock(); }
  ~scoped_lock_t() { m_.unlock(); }
  mutex_t &m_;
};

class pipe_t {
 public:
  int pending() {
    scoped_lock_t l(mtx_);
    return written_ - flushed_;
  }

  void write(int n) {
    scoped_lock_t l(mtx_);
    written_ += n;
  }

  bool flush() {
    scoped_lock_t l(mtx_);
    if (pending() == 0) // expect: double-lock
      return false;
    flushed_ = written_;
    return true;
  }

 private:
  mutex_t mtx_;
  int written_ = 0;
  int flushed_ = 0;
};

static pipe_t pipe_;

int main() {
  std::thread writer([] { pipe_.write(10); });
  std::thread flusher([] { pipe_.flush(); });
  writer.join();
  flusher.join();
}
