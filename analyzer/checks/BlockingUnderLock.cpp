// blocking-under-lock: a call that can block for long (I/O, a sleep, a join, a condition
// wait on another mutex) made while a lock is held. The link step follows calls: a
// function that blocks holding nothing of its own is reported where its caller calls
// it holding a lock, once, and not again inside it.
#include "Check.h"

#include "lockgraph/Fingerprint.h"

namespace lockgraph {

void checkBlockingUnderLock(CheckContext &C) {
  for (const BlockingObservation &B : C.Obs.Blocking) {
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
    F.Fingerprint = computeFingerprint(F.RuleId, Keys);
    C.report(std::move(F), B.Site);
  }
}

} // namespace lockgraph
