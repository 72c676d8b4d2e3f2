#include "RecursiveInit.h"

#include "LockPath.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "llvm/ADT/StringExtras.h"

#include <optional>
#include <set>

using namespace clang;

namespace lockgraph {
namespace {

// The value of an enumerator the system headers declare (PTHREAD_MUTEX_RECURSIVE is
// an enumerator in glibc; mtx_recursive in <threads.h>).
std::optional<llvm::APSInt> enumeratorValue(ASTContext &Ctx, llvm::StringRef Name) {
  for (const NamedDecl *D : Ctx.getTranslationUnitDecl()->lookup(&Ctx.Idents.get(Name)))
    if (const auto *EC = dyn_cast<EnumConstantDecl>(D))
      return EC->getInitVal();
  return std::nullopt;
}

std::optional<llvm::APSInt> intValue(ASTContext &Ctx, const Expr *E) {
  Expr::EvalResult R;
  if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
    return std::nullopt;
  return R.Val.getInt();
}


struct InitCalls : RecursiveASTVisitor<InitCalls> {
  std::vector<const CallExpr *> SetType, MutexInit, MtxInit;
  bool VisitCallExpr(CallExpr *CE) {
    const FunctionDecl *F = CE->getDirectCallee();
    if (!F || !F->getIdentifier() || CE->getNumArgs() != 2)
      return true;
    llvm::StringRef Name = F->getName();
    if (Name == "pthread_mutexattr_settype")
      SetType.push_back(CE);
    else if (Name == "pthread_mutex_init")
      MutexInit.push_back(CE);
    else if (Name == "mtx_init")
      MtxInit.push_back(CE);
    return true;
  }
};

} // namespace

void collectRecursiveInits(ASTContext &Ctx, const FunctionDecl *FD, llvm::StringRef Usr,
                           const LockPathBuilder &Paths, std::vector<std::string> &Out) {
  InitCalls Calls;
  Calls.TraverseStmt(FD->getBody());
  if (Calls.MutexInit.empty() && Calls.MtxInit.empty())
    return;
  auto Record = [&](const Expr *Lock) {
    LockRef L = Paths.lockOf(Lock);
    // A wrapper that initializes the mutex its caller passes (libuv's
    // uv_mutex_init_recursive(uv_mutex_t *)): the link step marks each call's argument.
    if (llvm::StringRef Path = L.Path;
        Path.size() > 1 && Path[0] == '$' && llvm::all_of(Path.drop_front(), llvm::isDigit)) {
      Out.push_back((RecursiveParamPrefix + Path.drop_front() + ":" + Usr).str());
      return;
    }
    std::string Key = isSymbolicPath(L.Path) ? L.Fallback : L.Path;
    if (!Key.empty())
      Out.push_back(std::move(Key));
  };

  // Attributes set to recursive anywhere in the function: settype and init are often
  // a few lines apart, and nothing resets an attribute between them in practice. An
  // attribute is named by its access path: a local, or a member (libzmq's mutex_t keeps
  // `_attr` next to `_mutex`).
  std::set<std::string> RecursiveAttrs;
  std::optional<llvm::APSInt> Recursive = enumeratorValue(Ctx, "PTHREAD_MUTEX_RECURSIVE");
  if (!Recursive)
    Recursive = enumeratorValue(Ctx, "PTHREAD_MUTEX_RECURSIVE_NP");
  for (const CallExpr *CE : Calls.SetType)
    if (std::optional<llvm::APSInt> Kind = intValue(Ctx, CE->getArg(1)))
      if (Recursive && llvm::APSInt::isSameValue(*Kind, *Recursive))
        if (std::string Attr = Paths.pathOf(CE->getArg(0)); !Attr.empty())
          RecursiveAttrs.insert(Attr);
  for (const CallExpr *CE : Calls.MutexInit)
    if (RecursiveAttrs.count(Paths.pathOf(CE->getArg(1))))
      Record(CE->getArg(0));

  std::optional<llvm::APSInt> MtxRecursive = enumeratorValue(Ctx, "mtx_recursive");
  for (const CallExpr *CE : Calls.MtxInit)
    if (std::optional<llvm::APSInt> Type = intValue(Ctx, CE->getArg(1)); Type && MtxRecursive)
      if ((Type->getExtValue() & MtxRecursive->getExtValue()) != 0)
        Record(CE->getArg(0));
}

} // namespace lockgraph
