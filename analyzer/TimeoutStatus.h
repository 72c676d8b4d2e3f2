// Whether a timed wait's caller can tell a wake-up from a time-out by the wait's status.
// A spurious wake-up returns what a signal returns (0); code that treats the time-out
// the same way (`if (err != 0 && err != ETIMEDOUT) log(...)`) cannot tell them apart, so
// for it a spurious wake-up is an early time-out, which it handles anyway
// (cond-wait-no-loop).
#pragma once

#include "llvm/ADT/StringRef.h"

namespace clang {
class ASTContext;
class CallExpr;
class FunctionDecl;
class VarDecl;
} // namespace clang

namespace lockgraph {

// A wait that gives up after a time: pthread_cond_timedwait, cnd_timedwait, wait_for,
// wait_until, and wrappers named alike.
bool isTimedWaitName(llvm::StringRef Name);

// False when no condition tests the status, or when the conditions that test it name
// the time-out (a macro or enumerator spelled with TIMEDOUT, TIMEOUT or TIMEUP) and
// every one that a wake-up or a time-out reaches decides the same way for both. Status
// is Wait itself, or Var when the status was stored there (`err = wait(...)`). Handing
// the status to a call (a log line) decides nothing; any other use that either value
// reaches (returned, stored elsewhere) counts as telling them apart.
bool statusTellsTimeoutApart(const clang::CallExpr *Wait, const clang::VarDecl *Var,
                             const clang::FunctionDecl *FD, clang::ASTContext &Ctx);

} // namespace lockgraph
