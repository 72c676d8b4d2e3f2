// bad-unlock: releasing a lock this function already released on every path to here.
// A lone release of a lock the function never took is an unlock wrapper, not a bug.
#include "Check.h"

#include "lockgraph/Fingerprint.h"

#include <set>

namespace lockgraph {

void checkBadUnlock(CheckContext &C) {
  std::set<std::tuple<uint32_t, LockId, ProgramSite>> Seen;
  for (const BadUnlockObservation &O : C.Obs.BadUnlocks) {
    if (!Seen.insert({O.Function, O.Lock, O.Site}).second)
      continue;
    const FunctionFacts &Fn = C.function(O.Function);
    std::string Lock = C.lockName(O.Lock);
    Finding F;
    F.RuleId = "bad-unlock";
    F.Function = Fn.Name;
    F.Locks = {Lock};
    F.Message = "'" + Lock + "' is released here, but on some path to here it is not held: "
                "released, or its trylock failed, " + C.whereElse(O.PreviousRelease, O.Site) +
                ", and not acquired since";
    F.Notes.push_back({C.location(O.PreviousRelease),
                       "'" + Lock + "' released here, or its trylock failed here"});
    Flow Path{{C.location(O.PreviousRelease), "'" + Lock + "' released", Fn.Name},
              {C.location(O.Site), "released again", Fn.Name}};
    F.Flows.push_back(std::move(Path));
    F.Fingerprint = computeFingerprint(F.RuleId, {Fn.Usr, C.lockKey(O.Lock)});
    C.report(std::move(F), O.Site);
  }
}

} // namespace lockgraph
