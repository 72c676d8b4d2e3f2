// NEGATIVE: an annotated scoped guard (scoped_lockable) releases its capability at the
// end of its scope, so two guards on the same mutex in consecutive scopes are not a
// double-lock, and neither is taking it again after an explicit Unlock().
#define CAPABILITY(x) __attribute__((capability(x)))
#define SCOPED_CAPABILITY __attribute__((scoped_lockable))
#define ACQUIRE(...) __attribute__((acquire_capability(__VA_ARGS__)))
#define RELEASE(...) __attribute__((release_capability(__VA_ARGS__)))

class CAPABILITY("mutex") Mutex {
 public:
  void Lock() ACQUIRE();
  void Unlock() RELEASE();
};

class SCOPED_CAPABILITY Guard {
 public:
  explicit Guard(Mutex &mu) ACQUIRE(mu) : mu_(mu) { mu_.Lock(); }
  ~Guard() RELEASE() { mu_.Unlock(); }

 private:
  Mutex &mu_;
};

static Mutex stats_mu;
static long hits, misses;

long record(bool hit) {
  {
    Guard g(stats_mu);
    if (hit)
      hits++;
  }
  {
    Guard g(stats_mu);
    if (!hit)
      misses++;
  }
  stats_mu.Lock();
  long total = hits + misses;
  stats_mu.Unlock();
  return total;
}
