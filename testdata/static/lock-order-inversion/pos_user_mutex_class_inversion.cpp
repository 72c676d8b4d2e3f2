// POSITIVE: libzmq-style hand-written mutex classes (see neg_user_mutex_class_linear.cpp
// for the same classes used in a consistent order). mutex_t wraps a pthread mutex with
// lock()/unlock() members, and scoped_lock_t is an RAII guard holding a reference to the
// mutex it locked. create() holds slot_ (guard) and calls start(), which takes opt_:
// slot_ -> opt_. set_option() holds opt_ (guard) and, when the socket limit changes,
// calls resize_slots(), which takes slot_: opt_ -> slot_. A thread creating a socket and
// a thread setting the limit deadlock. Both edges are formed through calls, so their
// sites are the call lines: `start();` in create() and `resize_slots(value);` in
// set_option(). create() comes first in the file, so the finding is reported at its
// `start();` call. (terminate() adds x_ -> slot_ and x_ -> opt_, which are in no cycle.)
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

  void create() {
    scoped_lock_t l(slot_);
    slot_count_ = max_sockets_ + 2;
    start(); // expect: lock-order-inversion
    sockets_++;
  }

  void terminate() {
    x_.lock();
    terminating_ = true;
    create();
    x_.unlock();
  }

  void set_option(int option, int value) {
    scoped_lock_t l(opt_);
    if (option == 1) {
      io_threads_ = value;
      return;
    }
    max_sockets_ = value;
    resize_slots(value);
  }

 private:
  void resize_slots(int max_sockets) {
    scoped_lock_t l(slot_);
    slot_count_ = max_sockets + 2;
  }

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
  std::thread socket([] { ctx.create(); });
  std::thread configure([] { ctx.set_option(2, 4096); });
  std::thread shutdown([] { ctx.terminate(); });
  socket.join();
  configure.join();
  shutdown.join();
}
