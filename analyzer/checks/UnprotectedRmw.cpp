// unprotected-rmw: a read-modify-write of shared data without the lock that guards it.
//
// Guards are inferred per location over the whole program, as SpotBugs' inconsistent
// synchronization detector does for Java fields: a lock guards a location when it is
// held at no less than CheckOptions::GuardShare of the location's accesses, weighted,
// writes and read-modify-writes counting CheckOptions::WriteWeight times a read. Each
// read-modify-write that does not hold the guard on any path to it can lose a
// concurrent update: two threads read 5, both write 6. A location never accessed under
// a lock has no guard: its read-modify-writes are reported only when the thread roots
// show two of them (or one and a write) running at once (reportLockless).
#include "Check.h"
#include "GuardInference.h"

#include "lockgraph/Fingerprint.h"

#include <map>
#include <set>

namespace lockgraph {

namespace {

std::string threadName(const CheckContext &C, const ThreadRoot &R) {
  std::string Name = C.function(R.Function).Name;
  if (R.Main)
    return "main (once it has started a thread)";
  return "'" + Name + "' (started at " + C.where(R.Start) + (R.Many ? ", on several threads)" : ")");
}

// A global or a static: one object, whichever thread names it. A field reached through
// a pointer is named by its record and field, which merges every object of the type:
// without any lock to tell them apart, per-thread objects (a worker's own stats struct)
// would look shared, so those are left out.
bool globalData(const AccessObservation &A) {
  return llvm::StringRef(A.Location).starts_with("@");
}

// A location no access ever holds a lock for: a lost update when its read-modify-write
// can run at the same time as another write of it, on the thread roots we can see.
void reportLockless(CheckContext &C, const std::string &Location,
                    const std::vector<const AccessObservation *> &Accesses) {
  for (const AccessObservation *A : Accesses)
    if (!A->Held.empty() || !A->MayHeld.empty())
      return;
  std::map<uint32_t, const AccessObservation *> FirstPerFunction;
  for (const AccessObservation *A : Accesses)
    if (A->Kind == AccessKind::ReadModifyWrite && globalData(*A)) {
      auto [It, New] = FirstPerFunction.try_emplace(A->Function, A);
      if (!New && A->Site < It->second->Site)
        It->second = A;
    }
  for (const auto &[Fn, A] : FirstPerFunction) {
    const AccessObservation *Other = nullptr;
    const ThreadRoot *Mine = nullptr, *Theirs = nullptr;
    // The update racing with itself on another thread first, then other writers.
    if (C.Threads.knownParallel(*A, *A, &Mine, &Theirs))
      Other = A;
    for (const AccessObservation *B : Accesses)
      if (!Other && B->Kind != AccessKind::Read && globalData(*B) && C.Threads.knownParallel(*A, *B, &Mine, &Theirs))
        Other = B;
    if (!Other)
      continue;
    const FunctionFacts &Facts = C.function(Fn);
    Finding F;
    F.RuleId = "unprotected-rmw";
    F.Function = Facts.Name;
    std::string Threads = Mine == Theirs ? "on several threads running " + threadName(C, *Mine)
                                         : "by " + threadName(C, *Mine) + " and " +
                                               threadName(C, *Theirs);
    F.Message = "'" + A->LocationName + "' is updated (read-modify-write) with no lock held at " +
                "any of its " + std::to_string(Accesses.size()) + " accesses, " + Threads +
                ": a concurrent update can be lost";
    Flow Path;
    if (Other != A) {
      F.Notes.push_back({C.location(Other->Site), "'" + A->LocationName + "' also written here, " +
                                                      "without a lock, in '" +
                                                      C.function(Other->Function).Name + "'"});
      Path.push_back({C.location(Other->Site), "written without a lock",
                      C.function(Other->Function).Name});
    }
    for (const ThreadRoot *R : {Mine, Theirs})
      if (!R->Main && (R == Mine || Theirs != Mine))
        F.Notes.push_back({C.location(R->Start), "thread running '" + C.function(R->Function).Name +
                                                     "' started here"});
    Path.push_back({C.location(A->Site), "updated without a lock", Facts.Name});
    F.Flows.push_back(std::move(Path));
    F.Fingerprint = computeFingerprint(F.RuleId, {Facts.Usr, Location, "no-lock"});
    C.report(std::move(F), A->Site);
  }
}

} // namespace

void checkUnprotectedRmw(CheckContext &C) {
  LocationGuards Guards = inferLocationGuards(C);
  for (const auto &[Location, Accesses] : Guards.Accesses)
    if (!Guards.Guards.count(Location) && !C.Threads.singleThreaded(Accesses))
      reportLockless(C, Location, Accesses);
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
      // Lost only to a write that can run meanwhile: an update in a thread's start-up,
      // before the threads that write it exist, loses nothing.
      if (llvm::none_of(Accesses, [&](const AccessObservation *B) {
            return B->Kind != AccessKind::Read && C.Threads.mayParallel(*A, *B);
          }))
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
                  "', which " +
                  (G.Declared ? "guards it (GUARDED_BY) and " : std::string()) + "is held at " +
                  std::to_string(G.HeldAt) + " of " + std::to_string(G.Accesses) +
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
