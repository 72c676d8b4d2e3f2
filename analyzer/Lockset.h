// The lockset lattice of the link-time dataflow, kept apart so its join can be unit
// tested. A state holds which locks are held (must: on every path; may: on some), which
// were released on every path since they were held (for double unlocks), which try
// acquisitions await their branch, and which locks were released without being held
// here (the caller's locks: an unlock wrapper).
#pragma once

#include "Program.h"

#include <vector>

namespace lockgraph {

struct HeldLock {
  LockId Lock = NoLock;
  bool Must = true;
  bool Shared = false;
  bool ByTry = false;
  ProgramSite Site;
  bool operator==(const HeldLock &O) const {
    return Lock == O.Lock && Must == O.Must && Shared == O.Shared && ByTry == O.ByTry &&
           Site == O.Site;
  }
};

struct ReleasedLock {
  LockId Lock = NoLock;
  ProgramSite Site;
  bool operator==(const ReleasedLock &O) const { return Lock == O.Lock && Site == O.Site; }
};

struct PendingTry {
  int TryId = -1;
  std::vector<LockId> Locks;
  bool Shared = false;
  ProgramSite Site;
  bool operator==(const PendingTry &O) const {
    return TryId == O.TryId && Locks == O.Locks && Shared == O.Shared && Site == O.Site;
  }
};

struct LockState {
  bool Reachable = false;
  std::vector<HeldLock> Held;         // sorted by Lock
  std::vector<ReleasedLock> Released; // sorted by Lock
  std::vector<PendingTry> Pending;    // sorted by TryId
  std::vector<LockId> Foreign;        // sorted

  bool operator==(const LockState &O) const {
    return Reachable == O.Reachable && Held == O.Held && Released == O.Released &&
           Pending == O.Pending && Foreign == O.Foreign;
  }
  bool operator!=(const LockState &O) const { return !(*this == O); }

  const HeldLock *held(LockId L) const;
  const ReleasedLock *released(LockId L) const;
  void hold(const HeldLock &H);   // adds or replaces; clears a released mark
  bool drop(LockId L);            // true when it was held
  void markReleased(LockId L, ProgramSite Site);
  void addForeign(LockId L);
  std::vector<LockId> heldIds() const;
};

// The state where two paths meet: held on both is held (must only when must on both);
// held on one is may-held; released-marks must be on both; pending tries and foreign
// releases are kept from either.
LockState join(const LockState &A, const LockState &B);

} // namespace lockgraph
