// Mutexes made recursive where they are initialized, not by their type:
//   pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE); pthread_mutex_init(&m, &a);
//   mtx_init(&m, mtx_plain | mtx_recursive);
// Re-entering such a lock is no double lock and no order edge, wherever it happens, so
// the link step marks every use of the lock recursive.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace lockgraph {

class LockPathBuilder;

// An entry "param:<n>:<usr>": function usr initializes the mutex its parameter n points
// to as recursive, so the argument of every call to it is a recursive lock.
constexpr llvm::StringLiteral RecursiveParamPrefix = "param:";

// Appends the lock path (or, for a lock reached through a parameter, its type
// fallback, or for a parameter itself a RecursiveParamPrefix entry) of every lock FD
// (whose USR is Usr) initializes as recursive.
void collectRecursiveInits(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                           llvm::StringRef Usr, const LockPathBuilder &Paths,
                           std::vector<std::string> &Out);

} // namespace lockgraph
