// double-lock: a thread requests a non-recursive lock it already holds on every path
// to here, directly or in a callee. Re-taking a read lock in read mode is allowed.
#include "Check.h"

#include "lockgraph/Fingerprint.h"

#include <set>

namespace lockgraph {

void checkDoubleLock(CheckContext &C) {
  std::set<std::tuple<uint32_t, LockId, ProgramSite>> Seen;
  for (const DoubleLockObservation &O : C.Obs.DoubleLocks) {
    if (!Seen.insert({O.Function, O.Lock, O.Site}).second)
      continue;
    const FunctionFacts &Fn = C.function(O.Function);
    std::string Lock = C.lockName(O.Lock);
    Finding F;
    F.RuleId = "double-lock";
    F.Function = Fn.Name;
    F.Locks = {Lock};
    if (O.SharedThenExclusive)
      F.Message = "'" + Lock + "' is requested for writing while this thread holds it for "
                  "reading (taken " + C.whereElse(O.FirstSite, O.Site) + "): the upgrade never succeeds";
    else if (!O.Chain.empty())
      F.Message = "call to '" + O.Chain.front().Function + "' acquires '" + Lock +
                  "', which is already held here (taken " + C.whereElse(O.FirstSite, O.Site) +
                  "): self-deadlock";
    else
      F.Message = "'" + Lock + "' is acquired again while already held (taken " +
                  C.whereElse(O.FirstSite, O.Site) + "): self-deadlock";
    F.Notes.push_back({C.location(O.FirstSite), "'" + Lock + "' first acquired here"});
    Flow Path{{C.location(O.FirstSite), "'" + Lock + "' acquired", Fn.Name},
              {C.location(O.Site), "acquired again", Fn.Name}};
    C.describeChain(O.Chain, F, &Path);
    F.Flows.push_back(std::move(Path));
    F.Fingerprint = computeFingerprint(F.RuleId, {Fn.Usr, C.lockKey(O.Lock)});
    C.report(std::move(F), O.Site);
  }
}

} // namespace lockgraph
