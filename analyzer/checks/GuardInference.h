// Which lock guards a location, inferred from its accesses (unprotected-rmw): the lock
// held at the largest weighted share of them, if that share is at least GuardShare
// (SpotBugs' inconsistent-synchronization rule; writes weigh WriteWeight reads). Pure,
// so that the thresholds and ties are unit-tested apart from the link step.
#pragma once

#include "Check.h"

#include "../Observations.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace lockgraph {

struct InferredGuard {
  LockId Lock = NoLock; // NoLock: no lock is held often enough
  unsigned HeldAt = 0;  // accesses that hold it
  bool Declared = false; // GUARDED_BY says so: no inference
  unsigned Accesses = 0;
};

// SameObject(L): L belongs to the location's own object (its record's lock, for a
// field named by record and field): among locks held equally often it is the guard,
// before a global that happens to be held around the same code.
InferredGuard inferGuard(const std::vector<const AccessObservation *> &Accesses,
                         double GuardShare, double WriteWeight,
                         const std::function<bool(LockId)> &SameObject);

// Every location's accesses outside start-up code, and the guard inferred for each
// (the record's own lock winning ties): what unprotected-rmw and check-then-act share.
// A GUARDED_BY / PT_GUARDED_BY annotation on any access overrides inference.
// A location only one thread ever touches (ThreadRoots::singleThreaded) needs no guard
// and gets none.
struct LocationGuards {
  std::map<std::string, std::vector<const AccessObservation *>> Accesses;
  std::map<std::string, InferredGuard> Guards; // only locations that have one
};
LocationGuards inferLocationGuards(const CheckContext &C);

} // namespace lockgraph
