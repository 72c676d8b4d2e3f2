// NEGATIVE: libzmq-style hand-written mutex classes. mutex_t wraps a pthread mutex
// with lock()/unlock() members (lock wrappers on `this`), and scoped_lock_t is an RAII
// guard that keeps a REFERENCE to the mutex it locked in its constructor and unlocks
// it in its destructor. ctx_t (like zmq::ctx_t) has three of them, always taken in the
// order x_ -> slot_ -> opt_: terminate() holds x_ and calls create(), which holds
// slot_ (guard) and calls start(), which takes opt_. set_option() takes opt_ alone.
// The orders are x_ -> slot_, x_ -> opt_ and slot_ -> opt_: linear, no cycle. The
// guard's unlock in its destructor releases the very lock its constructor took, so
// there is no leak and no bad unlock either.
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

class ctx_t {
 public:
  // Starts the reaper with the options in force (called with slot_ held).
  void start() {
    opt_.lock();
    reaper_io_threads_ = io_threads_;
    opt_.unlock();
  }

  // Creates the slots on first use.
  void create() {
    scoped_lock_t l(slot_);
    if (slot_count_ == 0) {
      slot_count_ = max_sockets_ + 2;
      start();
    }
    sockets_++;
  }

  void terminate() {
    x_.lock();
    terminating_ = true;
    create();
    x_.unlock();
  }

  void set_option(int threads) {
    scoped_lock_t l(opt_);
    io_threads_ = threads;
  }

 private:
  mutex_t x_;
  mutex_t slot_;
  mutex_t opt_;
  bool terminating_ = false;
  int io_threads_ = 1;
  int reaper_io_threads_ = 0;
  int max_sockets_ = 1023;
  int slot_count_ = 0;
  int sockets_ = 0;
};

static ctx_t ctx;

int main() {
  std::thread shutdown([] { ctx.terminate(); });
  std::thread configure([] { ctx.set_option(4); });
  std::thread socket([] { ctx.create(); });
  shutdown.join();
  configure.join();
  socket.join();
}
