// NEGATIVE: leveldb's Version. A version's destructor drops its references to shared
// file records; it runs from `delete this` in Unref(), which every caller calls with
// the database mutex held. `delete p` is a call of p's destructor, under the caller's
// locks, so the destructor's update of the other object's count holds the guard.
#include <mutex>
#include <vector>

struct FileMeta {
  int refs = 0;
};

class Db;

class Version {
public:
  explicit Version(Db *db) : db_(db) {}
  ~Version() {
    for (FileMeta *f : files_) {
      f->refs--;
      if (f->refs <= 0)
        delete f;
    }
  }
  void Ref() { ++refs_; }
  void Unref() {
    if (--refs_ == 0)
      delete this;
  }
  std::vector<FileMeta *> files_;

private:
  Db *db_;
  int refs_ = 0;
};

class Db {
public:
  void AddFile(Version *v, FileMeta *f) {
    std::lock_guard<std::mutex> g(mutex_);
    f->refs++;
    v->files_.push_back(f);
    v->Ref();
  }
  void Release(Version *v) {
    std::lock_guard<std::mutex> g(mutex_);
    v->Unref();
  }
  int Count(FileMeta *f) {
    std::lock_guard<std::mutex> g(mutex_);
    return f->refs;
  }

private:
  std::mutex mutex_;
};
