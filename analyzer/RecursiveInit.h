// Mutexes made recursive where they are initialized, not by their type:
//   pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE); pthread_mutex_init(&m, &a);
//   mtx_init(&m, mtx_plain | mtx_recursive);
// Re-entering such a lock is no double lock and no order edge, wherever it happens, so
// the link step marks every use of the lock recursive.
#pragma once

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace lockgraph {

class LockPathBuilder;

// Appends the lock path (or, for a lock reached through a parameter, its type
// fallback) of every lock FD initializes as recursive.
void collectRecursiveInits(clang::ASTContext &Ctx, const clang::FunctionDecl *FD,
                           const LockPathBuilder &Paths, std::vector<std::string> &Out);

} // namespace lockgraph
