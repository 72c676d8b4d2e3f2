// compile-args: -I%stubs%
// NEGATIVE: QMutexLocker::unlock() releases early and the destructor then does nothing;
// relock() takes it again for the destructor to release. Each release matches one
// acquisition.
#include <QtCore/QMutex>
#include <QtCore/QMutexLocker>

class Printer {
 public:
  void print(int page) {
    QMutexLocker locker(&mutex);
    int job = ++jobs;
    locker.unlock();
    render(job, page);
    locker.relock();
    printed++;
  }

 private:
  void render(int job, int page);
  QMutex mutex;
  int jobs = 0;
  int printed = 0;
};
