// Lock contention from the runtime's lock statistics (docs/runtime-stats.md): the
// table of the locks threads waited for, merged over processes, and the `contention`
// findings for those that cost more than a share of the run's thread time.
#pragma once

#include "lockgraph/Finding.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace lockgraph {

// When a lock's waits make a `contention` finding: both must hold.
struct ContentionOptions {
  double Share = 0.02;          // of the thread time of the processes that used it
  uint64_t MinWaitNs = 10000000; // an absolute floor: 10 ms
  size_t TableRows = 10;        // locks in the table (findings are never cut)
  size_t SitesPerLock = 3;      // waiter and holder sites shown per lock
};
// "" when the values are usable, else why not (one line).
std::string contentionOptionsError(double SharePercent, double MinWaitMs);

// Adds up the statistics of one lock as several processes (or an exec'd image) saw it.
class ContentionMerge {
public:
  // Per process: its thread time, added once to every lock it used.
  LockContention &lock(const std::string &Key);
  void addSite(LockContention &L, bool Holder, const ContentionSite &S);
  // The locks that waited at all, highest total wait first; sites sorted likewise.
  std::vector<LockContention> ranked() &&;

private:
  std::map<std::string, LockContention> Locks;
  std::map<std::string, std::map<std::string, ContentionSite>> Sites; // lock -> "w|h" + where
};

// The `contention` findings (notes) for the ranked locks past both thresholds.
std::vector<Finding> contentionFindings(const std::vector<LockContention> &Ranked,
                                        const ContentionOptions &O);

// "1.66 s", "212 ms", "35 us", "80 ns".
std::string formatDuration(uint64_t Ns);

} // namespace lockgraph
