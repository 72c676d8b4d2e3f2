// blocking-under-lock: a call that can block for long (I/O, a sleep, a join, a condition
// wait on another mutex) made while a lock is held. The link step follows calls: a
// function that blocks holding nothing of its own is reported where its caller calls
// it holding a lock, once, and not again inside it.
#include "Check.h"

#include "lockgraph/Fingerprint.h"

#include <map>
#include <tuple>

namespace lockgraph {

void checkBlockingUnderLock(CheckContext &C) {
  // One blocking call reached several ways from one function (the crawler thread's
  // poll() through three helpers) is one finding, at the first call; the others are
  // notes.
  std::vector<const BlockingObservation *> Sorted;
  for (const BlockingObservation &B : C.Obs.Blocking)
    Sorted.push_back(&B);
  llvm::sort(Sorted, [](const BlockingObservation *X, const BlockingObservation *Y) {
    return std::tie(X->Function, X->Site) < std::tie(Y->Function, Y->Site);
  });
  auto Innermost = [](const BlockingObservation &B) {
    return B.Chain.empty() ? B.Site : B.Chain.back().Site;
  };
  std::map<std::pair<uint32_t, ProgramSite>, std::vector<ProgramSite>> AlsoFrom;
  std::vector<const BlockingObservation *> Firsts;
  for (const BlockingObservation *B : Sorted) {
    auto [It, New] = AlsoFrom.try_emplace({B->Function, Innermost(*B)});
    if (New)
      Firsts.push_back(B);
    else
      It->second.push_back(B->Site);
  }
  for (const BlockingObservation *BP : Firsts) {
    const BlockingObservation &B = *BP;
    const FunctionFacts &Facts = C.function(B.Function);
    Finding F;
    F.RuleId = "blocking-under-lock";
    F.Function = Facts.Name;
    std::string Locks;
    std::vector<std::string> Keys = {Facts.Usr, B.What};
    for (const auto &[Lock, Taken] : B.Held) {
      std::string Name = C.lockName(Lock);
      F.Locks.push_back(Name);
      Locks += (Locks.empty() ? "'" : ", '") + Name + "'";
      Keys.push_back(C.lockKey(Lock));
      F.Notes.push_back({C.location(Taken), "'" + Name + "' taken here"});
    }
    std::string What = llvm::StringRef(B.What).starts_with("a condition wait") ? B.What : "'" + B.What + "'";
    std::string Verb = B.Sleep ? "sleeps" : "may block";
    if (B.Chain.empty())
      F.Message = What + " " + Verb + " while " + Locks + (B.Held.size() > 1 ? " are" : " is") +
                  " held: every thread that needs " + (B.Held.size() > 1 ? "them" : "it") +
                  " waits as well";
    else
      F.Message = "'" + B.Chain.front().Function + "' calls " + What + ", which " + Verb +
                  ", while " + Locks + (B.Held.size() > 1 ? " are" : " is") +
                  " held here: every thread that needs " + (B.Held.size() > 1 ? "them" : "it") +
                  " waits as well";
    C.describeChain(B.Chain, F, nullptr);
    for (const ProgramSite &Other : AlsoFrom[{B.Function, Innermost(B)}])
      F.Notes.push_back({C.location(Other), "the same call is reached from here too"});
    F.Fingerprint = computeFingerprint(F.RuleId, Keys);
    C.report(std::move(F), B.Site);
  }
}

} // namespace lockgraph
