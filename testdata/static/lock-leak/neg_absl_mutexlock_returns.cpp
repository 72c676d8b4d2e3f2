// compile-args: -I%stubs%
// NEGATIVE: absl::MutexLock is a scoped guard; its destructor unlocks on every return.
#include "absl/synchronization/mutex.h"

#include <map>
#include <string>

class Sessions {
 public:
  bool Touch(const std::string &token, long now) {
    absl::MutexLock lock(&mu_);
    auto it = last_seen_.find(token);
    if (it == last_seen_.end())
      return false;
    if (now < it->second)
      return false;
    it->second = now;
    return true;
  }

 private:
  absl::Mutex mu_;
  std::map<std::string, long> last_seen_;
};
