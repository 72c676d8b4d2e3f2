// Reads and writes of shared data inside one function: the raw material of the
// shared-data rules (unprotected-rmw, check-then-act). Each is a location named by an
// access path (the grammar locks use, LockPath.h), how it is accessed (read, write,
// read-modify-write) and where; the link step adds the locks held there.
//
// What cannot race is not recorded: atomics (`_Atomic`, std::atomic's operators are
// calls), thread-locals, const objects, a function's own locals and by-value
// parameters whose address never escapes, the object a constructor or destructor
// is building or tearing down (`this`, unshared until it is built), and an object the
// function just allocated, until it hands the pointer out.
#pragma once

#include "Facts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"

#include <functional>
#include <optional>
#include <string>

namespace clang {
class CallExpr;
class Expr;
class FunctionDecl;
class Stmt;
class VarDecl;
} // namespace clang

namespace lockgraph {

class LockPathBuilder;

class AccessRecorder {
public:
  // Escaped(V): V's address is taken or bound to a reference, so other threads may
  // reach a local through it.
  AccessRecorder(const clang::FunctionDecl *Fn, const LockPathBuilder &Paths,
                 std::function<bool(const clang::VarDecl *)> Escaped);

  struct Access {
    AccessKind Kind;
    const clang::Expr *Location; // the lvalue accessed
  };
  // The access one CFG element makes (elements are visited children first, so `x = x
  // + 1` shows its read of x before the assignment: that read is part of the
  // read-modify-write and is not returned on its own).
  std::optional<Access> accessOf(const clang::Stmt *S) const;
  // A standard container's method called on shared data: `items_.empty()` reads the
  // container, `items_.push_back(x)` writes it (const methods read, others write).
  std::optional<Access> containerAccessOf(const clang::CallExpr *CE) const;

  // Whether the lvalue is data other threads may touch: shared storage, neither
  // atomic, const nor thread-local.
  bool shared(const clang::Expr *LValue) const;
  // Whether the object itself is reachable by other threads (a global, a field behind a
  // pointer or `this`, an escaping local), whatever its type: atomics included.
  bool sharedStorage(const clang::Expr *LValue) const;

private:
  std::string locationKey(const clang::Expr *LValue) const;

  const clang::FunctionDecl *Fn;
  const LockPathBuilder &Paths;
  std::function<bool(const clang::VarDecl *)> Escaped;
  bool BuildsThis = false; // a constructor or destructor
  llvm::DenseSet<const clang::Stmt *> ReadsInRmw;  // the read of x in `x = x op y`
  llvm::DenseSet<const clang::Stmt *> RmwAssigns;  // `x = x op y` itself
  // Local pointers to an object this function just allocated (`e = calloc(...)`),
  // with the offset of their first use that can hand the object out: accesses through
  // them before it touch an object no other thread can reach yet.
  llvm::DenseMap<const clang::VarDecl *, unsigned> FreshUntil;
  void findFreshObjects();
};

// Appends the access to B unless B already records the same access (location and
// kind) since its last event that can change the lockset: a loop body that reads a
// field five times between two lock operations needs it once. Only read-modify-writes
// keep their spelling (the only accesses a message names).
void appendAccess(BlockFacts &B, Event E);

} // namespace lockgraph
