// Stub of Qt 6's QtCore/qmutex.h for lockgraph's test corpus: the real class names
// and member signatures, no bodies, so a case only passes if lockgraph knows the Qt
// API itself. Simplified: in Qt 6 lock()/unlock() are declared in QBasicMutex and
// brought into QMutex by using-declarations; here QMutex declares them directly.
#ifndef QMUTEX_H
#define QMUTEX_H

class QBasicMutex {
 public:
  constexpr QBasicMutex() {}
  void lock() noexcept;
  void unlock() noexcept;
  bool tryLock() noexcept;

 private:
  void *d_ptr = nullptr;
};

class QMutex : public QBasicMutex {
 public:
  constexpr QMutex() = default;
  ~QMutex();
  void lock() noexcept;
  void unlock() noexcept;
  bool tryLock(int timeout = 0) noexcept;
  bool try_lock() noexcept { return tryLock(); }
};

class QRecursiveMutex {
 public:
  QRecursiveMutex();
  ~QRecursiveMutex();
  void lock();
  void unlock() noexcept;
  bool tryLock(int timeout = 0) noexcept;
};

template <typename Mutex>
class [[nodiscard]] QMutexLocker {
 public:
  explicit QMutexLocker(Mutex *mutex) noexcept;
  ~QMutexLocker() noexcept;
  QMutexLocker(const QMutexLocker &) = delete;
  QMutexLocker &operator=(const QMutexLocker &) = delete;

  bool isLocked() const noexcept;
  void unlock() noexcept;
  void relock() noexcept;
  Mutex *mutex() const;

 private:
  Mutex *m_mutex;
  bool m_isLocked;
};

#endif  // QMUTEX_H
