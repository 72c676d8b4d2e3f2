// Lock identity as an access path (grammar in Facts.h). Building one from a Clang
// expression happens per translation unit; substituting a callee's symbolic roots
// ($this, $<n>) with the caller's arguments happens at link time and here.
#pragma once

#include "Facts.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <optional>
#include <string>
#include <vector>

namespace clang {
class Decl;
class Expr;
class FieldDecl;
class FunctionDecl;
class NamedDecl;
class QualType;
class Stmt;
class VarDecl;
} // namespace clang

namespace lockgraph {

class ApiModel;

// "std::mutex::lock" for a method of std::mutex; no template arguments, no inline
// namespaces, so that names match rules/apis across standard library versions.
std::string qualifiedNameOf(const clang::NamedDecl *D);
std::string usrOf(const clang::Decl *D);
// "crawler_module_reg_t::eval": a field by its record's name (or the typedef that names
// an anonymous record) and its own; "" when the record has no name. Function pointers
// stored in a field and calls through it meet under this key (Program::indirectTargets).
std::string fieldKeyOf(const clang::FieldDecl *F);
// The variable `v`, `&v` or `*v` names, or null.
const clang::VarDecl *varOf(const clang::Expr *E);
// E without parentheses, casts and one `&`: the object `&m` points to.
const clang::Expr *stripAddressOf(const clang::Expr *E);
// Whether S always ends in a jump out: `break`, `return`, `goto` (and `continue` when
// Continue is set), alone or as the last statement of a block.
bool alwaysJumpsOut(const clang::Stmt *S, bool Continue);

// Builds lock paths for expressions inside one function.
class LockPathBuilder {
public:
  LockPathBuilder(const clang::FunctionDecl *Fn, std::string FnUsr, const ApiModel &Api)
      : Fn(Fn), FnUsr(std::move(FnUsr)), Api(Api) {}

  // The lock E designates: `m`, `&m`, `p->m`, `this->mu_`, `*pp`. Path is empty when
  // the root is unknown and no type fallback exists.
  LockRef lockOf(const clang::Expr *E) const;
  // The data location the lvalue E designates, named as locks are: for a pointer-typed
  // lvalue the pointer itself, not what it points to (as lockOf takes it).
  LockRef locationOf(const clang::Expr *E) const;
  // The lock a thread-safety annotation declares for the data the lvalue E accesses:
  // GUARDED_BY on the variable or field it names, PT_GUARDED_BY on the pointer it
  // dereferences. A global mutex is named on its own, a sibling field of the same
  // object by the access's own path; empty Path when there is no annotation.
  LockRef declaredGuardOf(const clang::Expr *E) const;
  // Root-and-fields path of any object expression, or "" when unknown.
  std::string pathOf(const clang::Expr *E) const;
  std::string pathOfVar(const clang::VarDecl *VD) const;
  // The expression as the source writes it (printed from the AST), "" when too long.
  std::string spellingOf(const clang::Expr *E) const;

private:
  std::string fallbackOf(const clang::Expr *E) const;
  // Whether naming the object E designates reads a pointer from memory, not counting
  // the function's own parameters and `this` (bound at each call site).
  bool loadsPointer(const clang::Expr *E) const;
  bool pointerIsLoaded(const clang::Expr *Pointer) const;
  bool isRecursive(const clang::Expr *E) const;

  const clang::FunctionDecl *Fn;
  std::string FnUsr;
  const ApiModel &Api;
};

// --- pure path algebra, shared with the link step ---------------------------------

// How many "#<record>.<field>" segments a type fallback keeps: enough that locks
// reached through one wrapper type (`pool.have->mutex`, `space.use->mutex`) stay apart,
// few enough that one object reached along two paths (`p->have`, `s->pool->have`) is
// one lock.
constexpr size_t FallbackDepth = 2;
// "#struct pool.have#struct lock_s.mutex" -> {"struct pool.have", "struct lock_s.mutex"}
std::vector<llvm::StringRef> fallbackSegments(llvm::StringRef Fallback);
std::string joinFallback(llvm::ArrayRef<llvm::StringRef> Segments); // the inverse

bool isSymbolicPath(llvm::StringRef Path);     // rooted at $this or $<n>
bool isExactPath(llvm::StringRef Path);        // names one object: no [] and no #type
// The argument slot a symbolic root names: -1 for $this, n for $<n>.
std::optional<int> symbolicRootSlot(llvm::StringRef Path);

// Rewrites a callee-side lock into the caller's terms. Args[n] and This are the
// caller's paths for the call's arguments ("" when unknown); ThisFields bind members of
// the object that store a caller's lock (a guard's `mutex_t &m_`). Returns an empty Path
// when the lock cannot be named in the caller.
LockRef substitutePath(const LockRef &CalleeLock, llvm::ArrayRef<LockRef> Args,
                       const LockRef &This, llvm::ArrayRef<FieldBinding> ThisFields = {});

// A short name for messages: "g_pool.have", "this->mu_", "struct lock_t.m",
// "g_mu (file.c)" for a file-local static. ParamNames resolves $<n>.
std::string displayLockName(llvm::StringRef Path,
                            llvm::ArrayRef<std::string> ParamNames = {});

} // namespace lockgraph
