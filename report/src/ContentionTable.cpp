// The contention table as the writers show it: a mutrace-like table in text, and one
// object per lock in JSON and SARIF (docs/runtime-stats.md).
#include "WriterSupport.h"

#include "lockgraph/Contention.h"
#include "lockgraph/Writers.h"

#include "llvm/Support/Format.h"

namespace lockgraph {
namespace detail {
namespace {

llvm::json::Array sitesJson(const std::vector<ContentionSite> &Sites,
                            const std::string &BaseDir) {
  llvm::json::Array Out;
  for (const ContentionSite &S : Sites) {
    llvm::json::Object O{{"where", S.Where},
                         {"count", S.Count},
                         {"waitNs", S.WaitNs},
                         {"maxWaitNs", S.MaxWaitNs}};
    if (!S.Loc.File.empty())
      O["file"] = displayPath(S.Loc.File, BaseDir);
    if (S.Loc.Line)
      O["line"] = S.Loc.Line;
    if (!S.Function.empty())
      O["function"] = S.Function;
    Out.push_back(std::move(O));
  }
  return Out;
}

} // namespace

llvm::json::Object contentionJson(const LockContention &L, const std::string &BaseDir) {
  llvm::json::Object O{{"lock", L.Name},
                       {"kind", L.Kind},
                       {"acquisitions", L.Acquisitions},
                       {"sharedAcquisitions", L.Shared},
                       {"ownerChanges", L.OwnerChanges},
                       {"contended", L.Contended},
                       {"waitNs", L.WaitNs},
                       {"maxWaitNs", L.MaxWaitNs},
                       {"holdSamples", L.HoldSamples},
                       {"holdNsEstimated", L.estimatedHoldNs()},
                       {"maxHoldNs", L.MaxHoldNs},
                       {"threadNs", L.ThreadNs},
                       {"processes", L.Processes},
                       {"holders", sitesJson(L.Holders, BaseDir)},
                       {"waiters", sitesJson(L.Waiters, BaseDir)}};
  if (!L.FirstUse.File.empty())
    O["firstUseFile"] = displayPath(L.FirstUse.File, BaseDir);
  if (L.FirstUse.Line)
    O["firstUseLine"] = L.FirstUse.Line;
  return O;
}

llvm::json::Array contentionTableJson(const Report &R) {
  llvm::json::Array Out;
  for (const LockContention &L : R.Contention)
    Out.push_back(contentionJson(L, R.BaseDir));
  return Out;
}

void writeContentionTable(llvm::raw_ostream &OS, const Report &R) {
  if (R.Contention.empty())
    return;
  size_t Rows = std::min(R.Contention.size(), R.ContentionRows);
  OS << "lockgraph: lock contention: " << R.Contention.size()
     << (R.Contention.size() == 1 ? " lock" : " locks") << " made threads wait";
  if (Rows < R.Contention.size())
    OS << " (the " << Rows << " with the most waiting)";
  OS << ":\n";
  auto Head = [](const char *S) { return S; };
  OS << llvm::format("  %-32s %12s %10s %11s %11s %11s %8s\n", Head("lock"), Head("acquired"),
                     Head("contended"), Head("total wait"), Head("max wait"), Head("avg hold"),
                     Head("changed"));
  for (size_t I = 0; I < Rows; ++I) {
    const LockContention &L = R.Contention[I];
    uint64_t Acquired = L.Acquisitions + L.Shared;
    uint64_t AvgHold = Acquired ? L.estimatedHoldNs() / Acquired : 0;
    std::string Name = L.Name.size() > 32 ? L.Name.substr(0, 29) + "..." : L.Name;
    OS << llvm::format("  %-32s %12llu %10llu %11s %11s %11s %8llu\n", Name.c_str(),
                       (unsigned long long)Acquired, (unsigned long long)L.Contended,
                       formatDuration(L.WaitNs).c_str(), formatDuration(L.MaxWaitNs).c_str(),
                       L.HoldSamples ? formatDuration(AvgHold).c_str() : Head("-"),
                       (unsigned long long)L.OwnerChanges);
    auto Sites = [&](const char *What, const std::vector<ContentionSite> &List) {
      for (size_t J = 0; J < List.size() && J < 3; ++J)
        OS << "      " << What << " " << List[J].Where << ": " << List[J].Count
           << (List[J].Count == 1 ? " wait, " : " waits, ") << formatDuration(List[J].WaitNs)
           << "\n";
    };
    Sites("held at  ", L.Holders);
    Sites("waited at", L.Waiters);
  }
}

} // namespace detail
} // namespace lockgraph
