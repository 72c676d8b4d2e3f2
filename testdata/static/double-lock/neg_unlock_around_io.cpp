// NEGATIVE: a helper called with the mutex held drops it around slow I/O and takes it
// back before returning (leveldb's DBImpl::WriteLevel0Table). Its caller's hold is
// given up first, so the helper's lock() is no second acquisition.
#include <mutex>

class Table {
 public:
  void compact() {
    mu_.lock();
    write_level0();
    mu_.unlock();
  }

 private:
  void write_level0() {
    mu_.unlock();
    flush_to_disk();
    mu_.lock();
  }
  void flush_to_disk() { ++writes_; }

  std::mutex mu_;
  long writes_ = 0;
};

void run(Table &t) { t.compact(); }
