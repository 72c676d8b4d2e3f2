// A static check turns one kind of link-time observation into findings. Adding a rule:
// its YAML in rules/, one file here with a check function, one line in Checks.cpp,
// and its testdata/static/<id>/ folder.
#pragma once

#include "../Observations.h"
#include "../Program.h"
#include "../ThreadRoots.h"

#include "lockgraph/Finding.h"

#include <string>
#include <vector>

namespace lockgraph {

struct CheckOptions {
  bool IncludeMay = false; // report cycles that need a lock held on some paths only
  bool IndirectCalls = false; // follow virtual and function-pointer calls (Program.h)
  std::string BaseDir;     // messages name files as locations do: relative to it
  // Guard inference (unprotected-rmw): a lock guards a location when it is held at no
  // less than GuardShare of its accesses, writes weighing WriteWeight reads.
  double GuardShare = 0.5;
  double WriteWeight = 2.0;
};

// "" when the guard-inference settings make sense, else what is wrong with them: a
// share in (0, 1], a write weight of at least 1.
std::string guardOptionsError(double GuardShare, double WriteWeight);

class CheckContext {
public:
  CheckContext(const Program &P, const Observations &Obs, const CheckOptions &Opts,
               Report &Out)
      : P(P), Obs(Obs), Opts(Opts), Out(Out), Threads(P, Obs.BeforeThreads) {}

  const Program &P;
  const Observations &Obs;
  const CheckOptions &Opts;
  Report &Out;
  const ThreadRoots Threads; // which threads run each function

  SourceLocation location(const ProgramSite &S) const;
  std::string lockName(LockId L) const;        // for messages
  std::string lockKey(LockId L) const;         // stable identity for fingerprints
  const FunctionFacts &function(uint32_t Index) const {
    return *P.functions()[Index].Facts;
  }
  std::string where(const ProgramSite &S) const; // "src/file.c:12", as locations print
  // "at src/file.c:12", or "on this line" when Other is Primary's own line (a loop's
  // earlier iteration): a message never sends the reader to the line they are on.
  std::string whereElse(const ProgramSite &Other, const ProgramSite &Primary) const;
  // Notes and a flow step for each call on the way down to an acquisition.
  void describeChain(const std::vector<CallStep> &Chain, Finding &F, Flow *Into) const;
  // Adds F unless a NOLINT comment suppresses it at its primary site. Notes on the
  // primary line itself are dropped: they would point the reader where they already are.
  void report(Finding F, const ProgramSite &Primary);
};

using CheckFunction = void (*)(CheckContext &);

struct StaticCheck {
  const char *Id;
  CheckFunction Run;
};

const std::vector<StaticCheck> &staticChecks();

void checkLockOrderInversion(CheckContext &C);
void checkDoubleLock(CheckContext &C);
void checkLockLeak(CheckContext &C);
void checkBadUnlock(CheckContext &C);
void checkUnprotectedRmw(CheckContext &C);
void checkCheckThenAct(CheckContext &C);
void checkCondWaitNoLoop(CheckContext &C);
void checkBusyWait(CheckContext &C);
void checkBlockingUnderLock(CheckContext &C);

} // namespace lockgraph
