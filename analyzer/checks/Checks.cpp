#include "Check.h"

#include "../LockPath.h"

#include "lockgraph/Writers.h"

namespace lockgraph {

const std::vector<StaticCheck> &staticChecks() {
  static const std::vector<StaticCheck> Checks = {
      {"lock-order-inversion", checkLockOrderInversion},
      {"double-lock", checkDoubleLock},
      {"lock-leak", checkLockLeak},
      {"bad-unlock", checkBadUnlock},
      {"unprotected-rmw", checkUnprotectedRmw},
      {"check-then-act", checkCheckThenAct},
      {"cond-wait-no-loop", checkCondWaitNoLoop},
      {"busy-wait", checkBusyWait},
      {"blocking-under-lock", checkBlockingUnderLock},
  };
  return Checks;
}

std::string guardOptionsError(double GuardShare, double WriteWeight) {
  if (!(GuardShare > 0 && GuardShare <= 1))
    return "--guard-share must be more than 0 and at most 1";
  if (!(WriteWeight >= 1))
    return "--guard-write-weight must be at least 1";
  return "";
}

SourceLocation CheckContext::location(const ProgramSite &S) const {
  SourceLocation L;
  if (!S.valid())
    return L;
  L.File = P.file(S.File);
  L.Line = S.Line;
  L.Column = S.Column;
  return L;
}

std::string CheckContext::lockName(LockId L) const {
  // A lock named through a parameter reads better as the code spells it (`q->m`) than
  // as a slot (`arg0.m`).
  const LockRef &Ref = P.Locks.info(L).Ref;
  if (isSymbolicPath(Ref.Path) && !Ref.Spelling.empty())
    return Ref.Spelling;
  return displayLockName(Ref.Path);
}

std::string CheckContext::lockKey(LockId L) const {
  // USRs of file-local statics carry the file name; nothing carries a line.
  return P.Locks.info(L).Ref.Path;
}

std::string CheckContext::where(const ProgramSite &S) const {
  if (!S.valid())
    return "?";
  return displayPath(P.file(S.File), Opts.BaseDir) + ":" + std::to_string(S.Line);
}

std::string CheckContext::whereElse(const ProgramSite &Other, const ProgramSite &Primary) const {
  if (Other.File == Primary.File && Other.Line == Primary.Line)
    return "on this line, in an earlier loop iteration";
  return "at " + where(Other);
}

void CheckContext::describeChain(const std::vector<CallStep> &Chain, Finding &F,
                                 Flow *Into) const {
  for (const CallStep &Step : Chain) {
    std::string Msg = "in '" + Step.Function + "'";
    F.Notes.push_back({location(Step.Site), Msg});
    if (Into)
      Into->push_back({location(Step.Site), Msg, Step.Function});
  }
}

void CheckContext::report(Finding F, const ProgramSite &Primary) {
  if (P.isSuppressed(Primary, F.RuleId))
    return;
  F.Primary = location(Primary);
  llvm::erase_if(F.Notes, [&](const RelatedLocation &N) {
    return N.Loc.File == F.Primary.File && N.Loc.Line == F.Primary.Line;
  });
  Out.Findings.push_back(std::move(F));
}

} // namespace lockgraph
