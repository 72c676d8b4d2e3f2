// busy-wait (static): a loop that waits for shared state without blocking
// (SpinLoops.h finds them per translation unit). Reported:
// - a spin or poll on a plain location that another function writes: also a data race;
// - a poll of an atomic with sleeps or yields between the tests;
// - a trylock retried in a loop.
// An empty spin on an atomic is how spinlocks and adaptive mutexes are written, and a
// plain location nothing else writes is not waiting for another thread.
#include "Check.h"

#include "../LinkAnalysis.h"
#include "../LockPath.h"

#include "lockgraph/Fingerprint.h"

#include <set>

namespace lockgraph {

void checkBusyWait(CheckContext &C) {
  // Locations written outside start-up code, and by which functions.
  std::map<std::string, std::set<uint32_t>> Writers;
  for (const AccessObservation &A : C.Obs.Accesses)
    if (A.Kind != AccessKind::Read && !A.BeforeThreads)
      Writers[A.Location].insert(A.Function);

  const auto &Fns = C.P.functions();
  for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn)
    for (const SpinLoop &L : Fns[Fn].Facts->Spins) {
      const FunctionFacts &Facts = *Fns[Fn].Facts;
      std::string Name = L.Flag.Spelling.empty() ? displayLockName(L.Flag.Path) : L.Flag.Spelling;
      std::string Pause = L.Pauses ? "sleeps or yields between tests" : "spins";
      Finding F;
      F.RuleId = "busy-wait";
      F.Function = Facts.Name;
      switch (L.Kind) {
      case SpinKind::TryLock:
        F.Message = "retries a trylock on '" + Name + "' in a loop that " + Pause +
                    " instead of blocking: call the blocking lock, or wait on a condition "
                    "variable for what the lock protects";
        F.Locks = {Name};
        break;
      case SpinKind::AtomicFlag:
        if (!L.Pauses)
          continue; // a spinlock's empty spin
        F.Message = "polls '" + Name + "' in a loop that " + Pause +
                    ": the thread wakes up for nothing and reacts late; wait on a condition "
                    "variable (or futex, eventfd) that the writer signals";
        break;
      case SpinKind::PlainFlag: {
        auto It = Writers.find(dataLocationOf(L.Flag));
        if (It == Writers.end() || (It->second.size() == 1 && It->second.count(Fn)))
          continue; // nothing else writes it: not waiting for another thread
        uint32_t Writer = *It->second.begin() == Fn ? *std::next(It->second.begin())
                                                    : *It->second.begin();
        F.Message = "waits for '" + Name + "' in a loop that " + Pause +
                    ", and it is also a data race: '" + Name +
                    "' is not atomic, so the compiler may read it once and loop forever; it "
                    "is written in '" + Fns[Writer].Facts->Name +
                    "'. Wait on a condition variable that the writer signals";
        break;
      }
      }
      F.Fingerprint = computeFingerprint(F.RuleId, {Facts.Usr, L.Flag.Path});
      C.report(std::move(F), Fns[Fn].site(L.At));
    }
}

} // namespace lockgraph
