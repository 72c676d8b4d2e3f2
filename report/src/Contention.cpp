#include "lockgraph/Contention.h"

#include "lockgraph/Fingerprint.h"

#include "llvm/Support/Format.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>
#include <cmath>

namespace lockgraph {

std::string contentionOptionsError(double SharePercent, double MinWaitMs) {
  if (!(SharePercent >= 0 && SharePercent <= 100))
    return "--contention-share must be a percentage from 0 to 100";
  if (!(MinWaitMs >= 0 && MinWaitMs < 1e9))
    return "--contention-min-wait must be a number of milliseconds, 0 or more";
  return "";
}

std::string formatDuration(uint64_t Ns) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  if (Ns >= 1000000000ull)
    OS << llvm::format("%.2f s", double(Ns) / 1e9);
  else if (Ns >= 1000000ull)
    OS << llvm::format("%.1f ms", double(Ns) / 1e6);
  else if (Ns >= 1000ull)
    OS << llvm::format("%.1f us", double(Ns) / 1e3);
  else
    OS << Ns << " ns";
  return Out;
}

LockContention &ContentionMerge::lock(const std::string &Key) {
  LockContention &L = Locks[Key];
  L.Key = Key;
  return L;
}

void ContentionMerge::addSite(LockContention &L, bool Holder, const ContentionSite &S) {
  ContentionSite &Into = Sites[L.Key][(Holder ? "h|" : "w|") + S.Where];
  if (Into.Where.empty()) {
    Into.Where = S.Where;
    Into.Loc = S.Loc;
    Into.Function = S.Function;
  }
  Into.Count += S.Count;
  Into.WaitNs += S.WaitNs;
  Into.MaxWaitNs = std::max(Into.MaxWaitNs, S.MaxWaitNs);
}

std::vector<LockContention> ContentionMerge::ranked() && {
  std::vector<LockContention> Out;
  auto ByWait = [](const ContentionSite &A, const ContentionSite &B) {
    return A.WaitNs != B.WaitNs ? A.WaitNs > B.WaitNs : A.Where < B.Where;
  };
  for (auto &[Key, L] : Locks) {
    if (!L.Contended)
      continue;
    for (auto &[SiteKey, S] : Sites[Key])
      (SiteKey[0] == 'h' ? L.Holders : L.Waiters).push_back(std::move(S));
    llvm::sort(L.Holders, ByWait);
    llvm::sort(L.Waiters, ByWait);
    Out.push_back(std::move(L));
  }
  llvm::sort(Out, [](const LockContention &A, const LockContention &B) {
    return A.WaitNs != B.WaitNs ? A.WaitNs > B.WaitNs : A.Key < B.Key;
  });
  return Out;
}

namespace {

std::string percent(double Share) {
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  OS << llvm::format(Share >= 0.1 ? "%.0f%%" : "%.1f%%", Share * 100);
  return Out;
}

std::string siteLine(const ContentionSite &S) {
  return S.Where + ": " + std::to_string(S.Count) + (S.Count == 1 ? " wait, " : " waits, ") +
         formatDuration(S.WaitNs) + " in total, the longest " + formatDuration(S.MaxWaitNs);
}

} // namespace

std::vector<Finding> contentionFindings(const std::vector<LockContention> &Ranked,
                                        const ContentionOptions &O) {
  std::vector<Finding> Out;
  for (size_t I = 0; I < Ranked.size(); ++I) {
    const LockContention &L = Ranked[I];
    if (L.WaitNs < O.MinWaitNs || L.waitShare() < O.Share)
      continue;
    Finding F;
    F.RuleId = "contention";
    F.Level = Severity::Note;
    F.Origin = "runtime";
    F.Locks = {L.Name};
    F.ContentionIndex = int(I);
    F.Count = L.Processes;
    uint64_t Acquired = L.Acquisitions + L.Shared;
    F.Message = "threads waited " + formatDuration(L.WaitNs) + " for " + L.Name + " (" +
                percent(L.waitShare()) + " of the thread time): " +
                std::to_string(L.Contended) + " of " + std::to_string(Acquired) +
                " acquisitions waited, the longest " + formatDuration(L.MaxWaitNs);
    // Where to look first: the critical section that made the others wait.
    const ContentionSite *Top = !L.Holders.empty() ? &L.Holders[0]
                                : !L.Waiters.empty() ? &L.Waiters[0]
                                                     : nullptr;
    if (!L.Holders.empty())
      F.Message += "; the holder that made them wait most took it at " + L.Holders[0].Where;
    if (Top) {
      F.Primary = Top->Loc;
      F.Function = Top->Function;
    } else {
      F.Primary = L.FirstUse;
    }
    if (uint64_t Hold = L.estimatedHoldNs())
      F.Notes.push_back({SourceLocation(),
                         "held about " + formatDuration(Hold) + " in total (" +
                             std::to_string(L.HoldSamples) + " holds timed, the longest " +
                             formatDuration(L.MaxHoldNs) + "); owner changed " +
                             std::to_string(L.OwnerChanges) + " times"});
    for (size_t J = 0; J < L.Holders.size() && J < O.SitesPerLock; ++J)
      F.Notes.push_back({L.Holders[J].Loc, "held here while others waited: " +
                                               siteLine(L.Holders[J])});
    for (size_t J = 0; J < L.Waiters.size() && J < O.SitesPerLock; ++J)
      F.Notes.push_back({L.Waiters[J].Loc, "waited here: " + siteLine(L.Waiters[J])});
    F.Fingerprint = computeFingerprint(F.RuleId, {L.Key});
    Out.push_back(std::move(F));
  }
  return Out;
}

} // namespace lockgraph
