// POSITIVE: a home-grown mutex known to lockgraph only through Clang thread-safety
// attributes (the macros of the Clang documentation, defined here). Mutex is a
// capability whose methods are defined in another file; MutexLocker is a
// scoped_lockable guard. Submit() holds queue_mu_ and takes stats_mu_; Report() holds
// stats_mu_ and takes queue_mu_ with the raw methods.
#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define GUARDED_BY(x) __attribute__((guarded_by(x)))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))
#define TRY_ACQUIRE(...) __attribute__((try_acquire_capability(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
 public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
  bool TryLock() TRY_ACQUIRE(true);
};

class SCOPED_CAPABILITY MutexLocker {
 public:
  explicit MutexLocker(Mutex *mu) ACQUIRE(mu) : mu_(mu) { mu_->Lock(); }
  ~MutexLocker() RELEASE() { mu_->Unlock(); }

 private:
  Mutex *mu_;
};

class Scheduler {
 public:
  void Submit(int task) {
    MutexLocker queue_lock(&queue_mu_);
    pending_ = task;
    MutexLocker stats_lock(&stats_mu_); // expect: lock-order-inversion
    submitted_++;
  }

  int Report() {
    stats_mu_.Lock();
    queue_mu_.Lock();
    int snapshot = submitted_ + pending_;
    queue_mu_.Unlock();
    stats_mu_.Unlock();
    return snapshot;
  }

 private:
  Mutex queue_mu_;
  Mutex stats_mu_;
  int pending_ GUARDED_BY(queue_mu_) = 0;
  int submitted_ GUARDED_BY(stats_mu_) = 0;
};

Scheduler scheduler;

void worker_thread() { scheduler.Submit(42); }
void monitor_thread() { (void)scheduler.Report(); }
