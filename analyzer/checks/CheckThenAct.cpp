// check-then-act: a branch tests shared data without holding its guard (or after
// releasing it), and a statement the branch controls updates the same data holding the
// guard: between the test and the update another thread can change it, and the update
// acts on a stale test (two withdrawals both see enough money).
//
// The candidates come from the per-TU step (CheckActs.h): the branch's tested data,
// directly, through locals or through getters, and the updates it controls, directly
// or through setters on the same object. The guard is the one unprotected-rmw infers.
#include "Check.h"
#include "GuardInference.h"

#include "../LinkAnalysis.h"

#include "lockgraph/Fingerprint.h"

#include <map>

namespace lockgraph {

namespace {

struct ProbeLocks {
  std::vector<LockId> Held, Any; // on every path; on any path
  bool Seen = false;
};

bool contains(const std::vector<LockId> &Sorted, LockId L) {
  return std::binary_search(Sorted.begin(), Sorted.end(), L);
}

// A lock held at the test and at the update that every writer of the location holds
// too (memcached's lru_crawler_lock around the crawler's start and stop): no other
// thread can change it in between, whichever lock the guard inference picked.
bool serialized(const std::vector<LockId> &AtTest, const std::vector<LockId> &AtUpdate,
                const std::vector<const AccessObservation *> &Accesses) {
  for (LockId L : AtTest)
    if (contains(AtUpdate, L) &&
        llvm::all_of(Accesses, [&](const AccessObservation *A) {
          return A->Kind == AccessKind::Read || contains(A->Held, L);
        }))
      return true;
  return false;
}

} // namespace

void checkCheckThenAct(CheckContext &C) {
  LocationGuards Guards = inferLocationGuards(C);
  std::map<std::pair<uint32_t, uint32_t>, ProbeLocks> Probes;
  for (const ProbeObservation &O : C.Obs.Probes) {
    ProbeLocks &P = Probes[{O.Function, O.Probe}];
    std::vector<LockId> Any = O.Held;
    Any.insert(Any.end(), O.MayHeld.begin(), O.MayHeld.end());
    llvm::sort(Any);
    if (!P.Seen) {
      P.Held = O.Held;
    } else {
      std::vector<LockId> Both;
      std::set_intersection(P.Held.begin(), P.Held.end(), O.Held.begin(), O.Held.end(),
                            std::back_inserter(Both));
      P.Held = std::move(Both);
    }
    P.Any.insert(P.Any.end(), Any.begin(), Any.end());
    llvm::sort(P.Any);
    P.Any.erase(std::unique(P.Any.begin(), P.Any.end()), P.Any.end());
    P.Seen = true;
  }
  std::map<uint32_t, std::vector<const AccessObservation *>> ByFunction;
  for (const AccessObservation &A : C.Obs.Accesses)
    ByFunction[A.Function].push_back(&A);
  auto IndexOf = [&](const std::string &Usr) -> int {
    const ProgramFunction *F = C.P.function(Usr);
    return F ? int(F - C.P.functions().data()) : -1;
  };

  const auto &Fns = C.P.functions();
  for (uint32_t Fn = 0; Fn < Fns.size(); ++Fn) {
    const FunctionFacts &Facts = *Fns[Fn].Facts;
    for (const CheckAct &CA : Facts.CheckActs) {
      auto Branch = Probes.find({Fn, CA.Probe});
      if (Branch == Probes.end())
        continue; // not reachable
      // Tested location -> how the message names it.
      std::map<std::string, std::string> Tested;
      for (const LockRef &R : CA.Reads)
        if (std::string Key = dataLocationOf(R); !Key.empty())
          Tested.emplace(Key, "'" + R.Spelling + "'");
      // A getter's reads count when it holds their guard (a locked getter): what an
      // unlocked helper returns is not the tested value's only source.
      for (const std::string &Getter : CA.Getters)
        if (int G = IndexOf(Getter); G >= 0)
          for (const AccessObservation *A : ByFunction[G])
            if (auto Guard = Guards.Guards.find(A->Location);
                A->Kind == AccessKind::Read && Guard != Guards.Guards.end() &&
                contains(A->Held, Guard->second.Lock))
              Tested.emplace(A->Location, "'" + A->LocationName + "' (read by '" +
                                              Fns[G].Facts->Name + "')");
      for (const CheckActUpdate &U : CA.Updates) {
        auto Update = Probes.find({Fn, U.Probe});
        if (Update == Probes.end())
          continue;
        // What the update writes, and the locks held there.
        std::vector<std::pair<std::string, std::vector<LockId>>> Writes;
        if (U.Setter.empty()) {
          Writes.push_back({dataLocationOf(U.Location), Update->second.Held});
        } else if (int S = IndexOf(U.Setter); S >= 0) {
          for (const AccessObservation *A : ByFunction[S])
            if (A->Kind != AccessKind::Read) {
              std::vector<LockId> Held = A->Held;
              Held.insert(Held.end(), Update->second.Held.begin(), Update->second.Held.end());
              llvm::sort(Held);
              Writes.push_back({A->Location, std::move(Held)});
            }
        }
        bool Reported = false;
        for (const auto &[Key, Held] : Writes) {
          auto T = Tested.find(Key);
          auto G = Guards.Guards.find(Key);
          if (T == Tested.end() || G == Guards.Guards.end() || !contains(Held, G->second.Lock) ||
              contains(Branch->second.Any, G->second.Lock) ||
              serialized(Branch->second.Held, Held, Guards.Accesses[Key]))
            continue;
          std::string Lock = C.lockName(G->second.Lock);
          ProgramSite BranchSite = Fns[Fn].site(CA.At), UpdateSite = Fns[Fn].site(U.At);
          Finding F;
          F.RuleId = "check-then-act";
          F.Function = Facts.Name;
          F.Locks = {Lock};
          std::string How = U.Setter.empty() ? "updated here" : "updated by '" + U.SetterName + "'";
          F.Message = T->second + " is tested " + C.whereElse(BranchSite, UpdateSite) +
                      " without '" + Lock + "' and " + How + " with '" + Lock +
                      "' held: another thread can change it in between, so the update acts "
                      "on a stale test. Take '" + Lock +
                      "' before the test and keep it until after the update";
          F.Notes.push_back({C.location(BranchSite), "tested here, '" + Lock + "' not held"});
          Flow Path;
          Path.push_back({C.location(BranchSite), "tested without '" + Lock + "'", Facts.Name});
          Path.push_back({C.location(UpdateSite), "updated with '" + Lock + "' held", Facts.Name});
          F.Flows.push_back(std::move(Path));
          F.Fingerprint = computeFingerprint(F.RuleId, {Facts.Usr, Key, C.lockKey(G->second.Lock)});
          C.report(std::move(F), UpdateSite);
          Reported = true;
          break;
        }
        if (Reported)
          break; // one finding per branch
      }
    }
  }
}

} // namespace lockgraph
