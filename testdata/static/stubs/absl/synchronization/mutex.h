// Stub of Abseil's absl/synchronization/mutex.h for lockgraph's test corpus: the real
// class names, namespaces and member signatures, no bodies and no thread-safety
// attributes, so a case only passes if lockgraph knows the Abseil API itself.
// Like Debian's libabsl-dev (ABSL_OPTION_USE_INLINE_NAMESPACE=1) the classes live in
// an inline namespace: their qualified names are absl::lts_20230802::Mutex etc.
#ifndef ABSL_SYNCHRONIZATION_MUTEX_H_
#define ABSL_SYNCHRONIZATION_MUTEX_H_

namespace absl {
inline namespace lts_20230802 {

class Mutex {
 public:
  Mutex();
  ~Mutex();
  Mutex(const Mutex &) = delete;
  Mutex &operator=(const Mutex &) = delete;

  void Lock();
  void Unlock();
  bool TryLock();
  void AssertHeld() const;

  void ReaderLock();
  void ReaderUnlock();
  bool ReaderTryLock();
  void AssertReaderHeld() const;

  void WriterLock() { this->Lock(); }
  void WriterUnlock() { this->Unlock(); }
  bool WriterTryLock() { return this->TryLock(); }
};

class MutexLock {
 public:
  explicit MutexLock(Mutex *mu);
  MutexLock(const MutexLock &) = delete;
  MutexLock &operator=(const MutexLock &) = delete;
  ~MutexLock();
};

class ReaderMutexLock {
 public:
  explicit ReaderMutexLock(Mutex *mu);
  ReaderMutexLock(const ReaderMutexLock &) = delete;
  ReaderMutexLock &operator=(const ReaderMutexLock &) = delete;
  ~ReaderMutexLock();
};

class WriterMutexLock {
 public:
  explicit WriterMutexLock(Mutex *mu);
  WriterMutexLock(const WriterMutexLock &) = delete;
  WriterMutexLock &operator=(const WriterMutexLock &) = delete;
  ~WriterMutexLock();
};

}  // inline namespace lts_20230802
}  // namespace absl

#endif  // ABSL_SYNCHRONIZATION_MUTEX_H_
