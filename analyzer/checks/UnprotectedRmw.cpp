// unprotected-rmw: a read-modify-write of shared data without the lock that guards it.
//
// Guards are inferred per location over the whole program, as SpotBugs' inconsistent
// synchronization detector does for Java fields: a lock guards a location when it is
// held at no less than CheckOptions::GuardShare of the location's accesses, weighted,
// writes and read-modify-writes counting CheckOptions::WriteWeight times a read. Each
// read-modify-write that does not hold the guard on any path to it can lose a
// concurrent update: two threads read 5, both write 6. A location never accessed under
// a lock has no guard and is not reported here.
#include "Check.h"
#include "GuardInference.h"

#include "lockgraph/Fingerprint.h"

#include <map>
#include <set>

namespace lockgraph {

void checkUnprotectedRmw(CheckContext &C) {
  LocationGuards Guards =
      inferLocationGuards(C.Obs, C.P.Locks, C.Opts.GuardShare, C.Opts.WriteWeight);
  for (const auto &[Location, G] : Guards.Guards) {
    const std::vector<const AccessObservation *> &Accesses = Guards.Accesses[Location];
    std::string Lock = C.lockName(G.Lock);
    std::set<std::pair<uint32_t, ProgramSite>> Guarded; // a few, for the notes
    for (const AccessObservation *A : Accesses)
      if (std::binary_search(A->Held.begin(), A->Held.end(), G.Lock) && Guarded.size() < 3)
        Guarded.insert({A->Function, A->Site});
    // One finding per function and location: its first unguarded update.
    std::map<uint32_t, const AccessObservation *> FirstPerFunction;
    for (const AccessObservation *A : Accesses) {
      // Held on some paths only counts as held: `if (!locked) lock(...)` with the
      // caller holding it on the other path (knot's reschedule) is no finding.
      if (A->Kind != AccessKind::ReadModifyWrite ||
          std::binary_search(A->Held.begin(), A->Held.end(), G.Lock) ||
          std::binary_search(A->MayHeld.begin(), A->MayHeld.end(), G.Lock))
        continue;
      auto [It, New] = FirstPerFunction.try_emplace(A->Function, A);
      if (!New && A->Site < It->second->Site)
        It->second = A;
    }
    for (const auto &[Fn, A] : FirstPerFunction) {
      const FunctionFacts &Facts = C.function(Fn);
      Finding F;
      F.RuleId = "unprotected-rmw";
      F.Function = Facts.Name;
      F.Locks = {Lock};
      F.Message = "'" + A->LocationName + "' is updated (read-modify-write) without '" + Lock +
                  "', which is held at " + std::to_string(G.HeldAt) + " of " +
                  std::to_string(G.Accesses) +
                  " accesses to it: a concurrent update can be lost";
      Flow Path;
      for (const auto &[GuardedFn, Site] : Guarded) {
        F.Notes.push_back({C.location(Site), "'" + A->LocationName + "' accessed with '" +
                                                 Lock + "' held here"});
        Path.push_back({C.location(Site), "accessed with '" + Lock + "' held",
                        C.function(GuardedFn).Name});
      }
      Path.push_back({C.location(A->Site), "updated without it", Facts.Name});
      F.Flows.push_back(std::move(Path));
      F.Fingerprint = computeFingerprint(F.RuleId, {Facts.Usr, Location, C.lockKey(G.Lock)});
      C.report(std::move(F), A->Site);
    }
  }
}

} // namespace lockgraph
