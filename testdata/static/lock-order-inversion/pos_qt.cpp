// compile-args: -I%stubs%
// POSITIVE: Qt. enqueue() holds queueMutex through a QMutexLocker and takes
// cacheMutex with another; purge() locks cacheMutex and then queueMutex by hand.
// tryCount() only try-locks a single mutex and nests nothing.
#include <QtCore/QMutex>
#include <QtCore/QMutexLocker>

#include <string>
#include <vector>

class DownloadManager {
 public:
  void enqueue(const std::string &url) {
    QMutexLocker queueLocker(&queueMutex);
    queue.push_back(url);
    QMutexLocker cacheLocker(&cacheMutex); // expect: lock-order-inversion
    cacheMisses++;
  }

  void purge() {
    cacheMutex.lock();
    queueMutex.lock();
    queue.clear();
    cacheMisses = 0;
    queueMutex.unlock();
    cacheMutex.unlock();
  }

  int tryCount() {
    if (!queueMutex.tryLock(10))
      return -1;
    int n = static_cast<int>(queue.size());
    queueMutex.unlock();
    return n;
  }

 private:
  QMutex queueMutex;
  QMutex cacheMutex;
  std::vector<std::string> queue;
  int cacheMisses = 0;
};
