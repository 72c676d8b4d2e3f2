// Which threads can run each function: the thread roots of the program (main and every
// function a thread-start event names) and, per function, the roots that reach it
// through direct calls. The shared-data rules ask it whether two accesses can run at
// the same time: in two different roots, in one root that runs on several threads at
// once, or in main after a thread started and in that thread.
//
// A function no visible call reaches (a callback handed to a library, an exported
// entry point of a library) runs on threads we cannot see: it is "unknown", which is
// never evidence of a race and never evidence of its absence.
#pragma once

#include "Observations.h"
#include "Program.h"

#include <vector>

namespace lockgraph {

struct ThreadRoot {
  uint32_t Function = 0;
  bool Main = false;
  bool Many = false;       // several threads run it at once (started in a loop, twice, a pool)
  ProgramSite Start;       // the first thread-start naming it (none for main)
  uint32_t StartFunction = 0;
};

class ThreadRoots {
public:
  explicit ThreadRoots(const Program &P);

  const std::vector<ThreadRoot> &roots() const { return Roots; }
  // Roots (indexes into roots()) whose threads run Function: sorted.
  const std::vector<uint32_t> &reaching(uint32_t Function) const { return Reach[Function]; }
  // Also run from somewhere not visible: a callback or a library entry point.
  bool unknown(uint32_t Function) const { return Unknown[Function]; }
  bool anyStart() const { return Roots.size() > (MainRoot >= 0 ? 1u : 0u); }

  // The known roots an access runs on: main's only after its first thread start.
  std::vector<uint32_t> rootsOf(const AccessObservation &A) const;
  // Whether two accesses can run at the same time on the known roots: a pair of
  // different roots, or one root that runs on several threads. Unknown callers do
  // not count.
  bool knownParallel(const AccessObservation &A, const AccessObservation &B,
                     const ThreadRoot **R1 = nullptr, const ThreadRoot **R2 = nullptr) const;
  // Whether all the accesses certainly run on one thread: one root, started once, no
  // unknown callers. Guards are neither needed nor evidence there.
  bool singleThreaded(const std::vector<const AccessObservation *> &Accesses) const;

private:
  std::vector<ThreadRoot> Roots;
  std::vector<std::vector<uint32_t>> Reach;
  std::vector<bool> Unknown;
  int MainRoot = -1;
};

} // namespace lockgraph
