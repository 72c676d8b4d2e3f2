// NEGATIVE: leveldb's port::CondVar. The condition variable keeps a pointer to the
// Mutex it was built with, and Wait() waits on that mutex. The caller holds the same
// Mutex: the wait gives it up. The pointer cannot be followed to the caller's lock, and
// with one lock held it is that one.
#include <condition_variable>
#include <mutex>

class Mutex {
 public:
  void Lock() { mu_.lock(); }
  void Unlock() { mu_.unlock(); }

 private:
  friend class CondVar;
  std::mutex mu_;
};

class CondVar {
 public:
  explicit CondVar(Mutex *mu) : mu_(mu) {}
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_->mu_, std::adopt_lock);
    cv_.wait(lock);
    lock.release();
  }
  void Signal() { cv_.notify_one(); }

 private:
  std::condition_variable cv_;
  Mutex *const mu_;
};

class Db {
 public:
  Db() : done_(&mutex_) {}
  void WaitForCompaction() {
    mutex_.Lock();
    while (compacting_)
      done_.Wait();
    mutex_.Unlock();
  }
  void FinishCompaction() {
    mutex_.Lock();
    compacting_ = false;
    done_.Signal();
    mutex_.Unlock();
  }

 private:
  Mutex mutex_;
  CondVar done_;
  bool compacting_ = true;
};
