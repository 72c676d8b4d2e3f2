// lock-leak: a lock this function acquires is still held on some of its exits and
// released on others. Held on every exit is a lock wrapper, not a leak; a lock taken by
// trylock and returned held is a conditional-acquire wrapper.
#include "Check.h"

#include "lockgraph/Fingerprint.h"

#include <set>

namespace lockgraph {

void checkLockLeak(CheckContext &C) {
  std::set<std::pair<uint32_t, LockId>> Seen;
  for (const LeakObservation &O : C.Obs.Leaks) {
    if (!O.ExitSite.valid() || !Seen.insert({O.Function, O.Lock}).second)
      continue;
    const FunctionFacts &Fn = C.function(O.Function);
    std::string Lock = C.lockName(O.Lock);
    Finding F;
    F.RuleId = "lock-leak";
    F.Function = Fn.Name;
    F.Locks = {Lock};
    F.Message = "'" + Lock + "' (taken " + C.whereElse(O.AcquireSite, O.ExitSite) + ") is still held when '" +
                Fn.Name + "' returns here, but released on other paths";
    F.Notes.push_back({C.location(O.AcquireSite), "'" + Lock + "' acquired here"});
    if (O.ReleasingExit.valid() && O.ReleasingExit.Line != O.ExitSite.Line)
      F.Notes.push_back({C.location(O.ReleasingExit), "this return releases it"});
    F.Flows.push_back({{C.location(O.AcquireSite), "'" + Lock + "' acquired", Fn.Name},
                       {C.location(O.ExitSite), "returns holding '" + Lock + "'", Fn.Name}});
    F.Fingerprint = computeFingerprint(F.RuleId, {Fn.Usr, C.lockKey(O.Lock)});
    C.report(std::move(F), O.ExitSite);
  }
}

} // namespace lockgraph
