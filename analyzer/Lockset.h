// The lockset lattice of the link-time dataflow, kept apart so its join can be unit
// tested. A state holds which locks are held (must: on every path; may: on some), which
// were released on some path since they were last held (for double unlocks), which try
// acquisitions await their branch, which locks were taken on every path, and the branch
// conditions every path to here agrees on. (Releases of the caller's locks are not part
// of the state: "not held here" is only known once the fixpoint is reached.) A lock remembers the conditions it was taken under, so a later branch on
// the same unmodified variable knows the lock cannot be held on its other side.
#pragma once

#include "Program.h"

#include <optional>
#include <vector>

namespace lockgraph {

// A branch condition: (variable, value) in the function's own numbering.
using Assumption = std::pair<uint32_t, bool>;

struct HeldLock {
  LockId Lock = NoLock;
  bool Must = true;
  bool Shared = false;
  bool ByTry = false;
  unsigned Depth = 1; // re-acquisitions (recursive, read-read) need as many releases
  int HandedBy = -1;  // a callee returned holding it on some paths only (function index)
  bool Regained = false; // the caller's lock, given up and taken again here
  ProgramSite Site;
  std::vector<Assumption> Under; // sorted; the conditions it was acquired under
  // A may-held lock held on exactly the paths where this branch condition holds (a loop
  // that locks on its first pass and unlocks on its second, xz's mythread_sync): taking
  // that branch makes it held for certain.
  std::optional<Assumption> MustWhen;
  bool operator==(const HeldLock &O) const {
    return Lock == O.Lock && Must == O.Must && Shared == O.Shared && ByTry == O.ByTry &&
           Depth == O.Depth && HandedBy == O.HandedBy && Regained == O.Regained &&
           Site == O.Site && Under == O.Under && MustWhen == O.MustWhen;
  }
};

struct ReleasedLock {
  LockId Lock = NoLock;
  ProgramSite Site;
  std::vector<Assumption> Under; // sorted; the conditions it was released under
  bool operator==(const ReleasedLock &O) const {
    return Lock == O.Lock && Site == O.Site && Under == O.Under;
  }
};

struct PendingTry {
  int TryId = -1;
  std::vector<LockId> Locks;
  bool Shared = false;
  ProgramSite Site;
  // A blocking acquisition whose status is tested: already held; its failure branch
  // (`if (pthread_mutex_lock(&m) != 0)`) does not hold it.
  bool Blocking = false;
  bool operator==(const PendingTry &O) const {
    return TryId == O.TryId && Locks == O.Locks && Shared == O.Shared &&
           Blocking == O.Blocking && Site == O.Site;
  }
};

struct LockState {
  bool Reachable = false;
  std::vector<HeldLock> Held;         // sorted by Lock
  std::vector<ReleasedLock> Released; // sorted by Lock
  std::vector<PendingTry> Pending;    // sorted by TryId
  std::vector<Assumption> Assumed;    // sorted
  std::vector<LockId> Acquired;       // sorted; taken on every path to here
  // Sorted; locks this function never held but released on every path to here (the
  // caller's): what it takes afterwards is not taken while the caller holds them.
  std::vector<LockId> Gone;

  bool operator==(const LockState &O) const {
    return Reachable == O.Reachable && Held == O.Held && Released == O.Released &&
           Pending == O.Pending && Assumed == O.Assumed &&
           Acquired == O.Acquired && Gone == O.Gone;
  }
  bool operator!=(const LockState &O) const { return !(*this == O); }

  const HeldLock *held(LockId L) const;
  const ReleasedLock *released(LockId L) const;
  void hold(HeldLock H);          // adds or replaces under Assumed; clears a released mark
  bool drop(LockId L);            // true when it was held (the last level of it);
                                  // a regained caller's lock is gone again
  void reacquire(LockId L);       // one level deeper
  void markReleased(LockId L, ProgramSite Site);
  void addAcquired(LockId L);
  void markGone(LockId L);
  void pend(PendingTry T);        // adds or replaces the try T.TryId awaiting its branch
  std::vector<LockId> heldIds() const;
  // Takes the branch where variable Var is Value: false when no path can take it.
  bool assume(uint32_t Var, bool Value);
  // Var := Value on this path; every lock held now is held with Var == Value.
  void assign(uint32_t Var, bool Value);
  // Var := something unknown: nothing is known about it any more.
  void forget(uint32_t Var);
  // H is held exactly on the paths where When holds (a callee returned it held iff its
  // result, now the variable When.first, is nonzero / zero).
  void holdWhen(HeldLock H, Assumption When);
};

// Keeps in Into only what is also in Other; both sorted.
void intersectSorted(std::vector<LockId> &Into, const std::vector<LockId> &Other);

// The state where two paths meet: held on both is held (must only when must on both);
// held on one is may-held; released-marks and pending tries are kept from either;
// assumptions and must-acquisitions must be on both.
LockState join(const LockState &A, const LockState &B);

} // namespace lockgraph
