// Branches that test shared data and update it: the raw material of check-then-act.
//
// A candidate is an `if` whose condition reads a shared location (directly, through a
// local assigned from it, or through a call that returns it: a getter), and a statement
// it controls that writes a shared location or calls a function on the same object (a
// setter). Which locks are held at the branch and at the write is the link step's to
// say (probe events, Facts.h); whether the write is of the location tested, under the
// lock that guards it, is the check's (checks/CheckThenAct.cpp).
//
// A write inside a nested test of the same location (double-checked code that tests
// again after taking the lock) is no candidate.
#pragma once

#include "Facts.h"

#include "llvm/ADT/DenseMap.h"

#include <functional>
#include <vector>

namespace clang {
class FunctionDecl;
class SourceLocation;
class Stmt;
} // namespace clang

namespace lockgraph {

class AccessRecorder;
class LockPathBuilder;

struct CheckActCandidates {
  std::vector<CheckAct> Found;
  // Where the link step needs the lockset: the `if` (after its condition), and each
  // act statement (before it). Values are probe ids, CheckAct::Id.
  llvm::DenseMap<const clang::Stmt *, std::vector<uint32_t>> BranchProbes, ActProbes;
};

CheckActCandidates findCheckActs(const clang::FunctionDecl *Fn, const AccessRecorder &Accesses,
                                 const LockPathBuilder &Paths,
                                 const std::function<bool(const clang::FunctionDecl *)> &UserCode,
                                 const std::function<Site(clang::SourceLocation)> &SiteOf);

} // namespace lockgraph
