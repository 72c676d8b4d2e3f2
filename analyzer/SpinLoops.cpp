#include "SpinLoops.h"

#include "AccessFacts.h"
#include "ApiModel.h"
#include "LockPath.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Basic/SourceManager.h"

#include "llvm/ADT/DenseSet.h"

namespace lockgraph {

using namespace clang;

namespace {

// A poll loop that sleeps this long per round is a scheduling choice (a housekeeping
// thread), not a busy wait: rules/busy-wait.yaml.
constexpr uint64_t LongSleepNs = 1000000000;

bool isPauseBuiltin(llvm::StringRef Name) {
  return Name == "__builtin_ia32_pause" || Name == "_mm_pause" ||
         Name == "__builtin_arm_yield" || Name == "__yield" || Name == "cpu_relax";
}

// A method of std::atomic (or of the base classes that implement it, or atomic_flag).
bool isAtomicMethod(const CXXMethodDecl *MD) {
  if (!MD)
    return false;
  llvm::StringRef Class = MD->getParent()->getName();
  return MD->getParent()->isInStdNamespace() && Class.contains("atomic");
}

class LoopClassifier {
public:
  LoopClassifier(ASTContext &Ctx, const ApiModel &Api, const AccessRecorder &Accesses,
                 const LockPathBuilder &Paths)
      : Ctx(Ctx), Api(Api), Accesses(Accesses), Paths(Paths) {}

  // Whether the loop is a spin; fills Out's kind, flag and pauses.
  bool classify(const Expr *Cond, const Stmt *Body, SpinLoop &Out) {
    Exits.clear();
    Pauses = LongSleep = false;
    if (Cond)
      Exits.push_back(Cond);
    Changed.clear();
    if (!idleStmt(Body) || LongSleep)
      return false;
    // The exit tests must wait, not work (`(item = cqi_new(q)) == NULL` allocates),
    // and a loop that changes a local its exit reads makes progress: a list walk,
    // a scan, a bounded spin (`tries++ < 100`) that falls back to blocking.
    for (const Expr *E : Exits)
      if (!idleExpr(E))
        return false;
    for (const Expr *E : Exits)
      if (readsChangedLocal(E))
        return false;
    HasTry = false;
    Plain = Atomic = Try = {};
    for (const Expr *E : Exits)
      scanExit(E);
    Out.Pauses = Pauses;
    if (HasTry) {
      Out.Kind = SpinKind::TryLock;
      Out.Flag = Try;
    } else if (!Plain.Path.empty()) {
      Out.Kind = SpinKind::PlainFlag;
      Out.Flag = Plain;
    } else if (!Atomic.Path.empty()) {
      Out.Kind = SpinKind::AtomicFlag;
      Out.Flag = Atomic;
    } else {
      return false; // waits for nothing shared: a local countdown, or forever
    }
    return true;
  }

private:
  // A statement that neither blocks nor does work.
  bool idleStmt(const Stmt *S) {
    if (!S || isa<NullStmt>(S) || isa<ContinueStmt>(S) || isa<GCCAsmStmt>(S))
      return true;
    if (const auto *CS = dyn_cast<CompoundStmt>(S))
      return llvm::all_of(CS->body(), [&](const Stmt *C) { return idleStmt(C); });
    if (const auto *If = dyn_cast<IfStmt>(S)) {
      // `if (ready) break;`: one more way out, tested every round.
      if (If->getElse() || If->getInit() || If->getConditionVariable() || !alwaysJumpsOut(If->getThen(), /*Continue=*/false))
        return false;
      Exits.push_back(If->getCond());
      return idleExpr(If->getCond());
    }
    if (const auto *DS = dyn_cast<DeclStmt>(S))
      return llvm::all_of(DS->decls(), [&](const Decl *D) {
        const auto *V = dyn_cast<VarDecl>(D);
        return V && !V->hasGlobalStorage() && (!V->getInit() || idleExpr(V->getInit()));
      });
    if (const auto *E = dyn_cast<Expr>(S))
      return idleExpr(E);
    return false;
  }

  // An expression whose only effects are on locals, a sleep, a yield, a pause or a
  // trylock.
  bool idleExpr(const Expr *E) {
    E = E->IgnoreParenCasts();
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      if (!idleCall(CE))
        return false;
      return llvm::all_of(CE->arguments(), [&](const Expr *A) { return idleExpr(A); });
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->isIncrementDecrementOp()) {
      noteChanged(UO->getSubExpr());
      return !Accesses.sharedStorage(UO->getSubExpr()->IgnoreParens());
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->isAssignmentOp()) {
      noteChanged(BO->getLHS());
      return !Accesses.sharedStorage(BO->getLHS()->IgnoreParens()) && idleExpr(BO->getRHS());
    }
    if (isa<AtomicExpr>(E))
      return true; // an atomic load in a `break` test
    if (isa<CXXNewExpr>(E) || isa<CXXDeleteExpr>(E) || isa<StmtExpr>(E))
      return false;
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E); // a duration for sleep_for
        CE && !CE->getConstructor()->getASTContext().getSourceManager().isInSystemHeader(
                  CE->getConstructor()->getLocation()))
      return false;
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child); CE && !idleExpr(CE))
        return false;
    return true;
  }

  void noteChanged(const Expr *LValue) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(LValue->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasLocalStorage())
        Changed.insert(V);
  }

  bool readsChangedLocal(const Expr *E) const {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && Changed.count(V))
        return true;
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child); CE && readsChangedLocal(CE))
        return true;
    return false;
  }

  bool idleCall(const CallExpr *CE) {
    const FunctionDecl *Callee = CE->getDirectCallee();
    if (!Callee)
      return false;
    if (isPauseBuiltin(Callee->getName()))
      return true;
    if (isAtomicMethod(dyn_cast<CXXMethodDecl>(Callee)))
      return true; // a load (or an exchange) of the polled atomic
    const FunctionModel *M = Api.function(qualifiedNameOf(Callee));
    if (!M)
      return false;
    switch (M->Effect) {
    case ApiEffect::Yield:
      Pauses = true;
      return true;
    case ApiEffect::Sleep:
      Pauses = true;
      if (M->SleepUnitNs && CE->getNumArgs() > 0)
        if (std::optional<llvm::APSInt> V = CE->getArg(0)->getIntegerConstantExpr(Ctx);
            V && V->getExtValue() >= 0 &&
            (uint64_t)V->getExtValue() * M->SleepUnitNs >= LongSleepNs)
          LongSleep = true;
      return true;
    case ApiEffect::TryAcquire:
      return true;
    default:
      return false;
    }
  }

  // What an exit test depends on.
  void scanExit(const Expr *E) {
    if (!E)
      return;
    E = E->IgnoreParens();
    if (const auto *CE = dyn_cast<CallExpr>(E)) {
      if (const FunctionDecl *Callee = CE->getDirectCallee()) {
        if (const FunctionModel *M = Api.function(qualifiedNameOf(Callee));
            M && M->Effect == ApiEffect::TryAcquire) {
          const Expr *Lock = nullptr;
          if (M->LockArg == LockArgThis) {
            if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE))
              Lock = MCE->getImplicitObjectArgument();
          } else if (M->LockArg >= 0 && (unsigned)M->LockArg < CE->getNumArgs()) {
            Lock = CE->getArg(M->LockArg);
          }
          if (Lock)
            Lock = stripAddressOf(Lock);
          HasTry = true;
          Try = Lock ? Paths.lockOf(Lock) : LockRef();
          Try.Spelling = Lock ? Paths.spellingOf(Lock) : Callee->getName().str();
          return;
        }
        if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE);
            MCE && isAtomicMethod(MCE->getMethodDecl())) {
          note(Atomic, MCE->getImplicitObjectArgument());
          return;
        }
      }
    }
    if (const auto *AE = dyn_cast<AtomicExpr>(E)) {
      const Expr *Ptr = AE->getPtr()->IgnoreParenImpCasts();
      if (const auto *UO = dyn_cast<UnaryOperator>(Ptr); UO && UO->getOpcode() == UO_AddrOf)
        note(Atomic, UO->getSubExpr());
      return;
    }
    if (const auto *C = dyn_cast<ImplicitCastExpr>(E); C && C->getCastKind() == CK_LValueToRValue) {
      const Expr *L = C->getSubExpr()->IgnoreParens();
      if (L->getType()->isAtomicType())
        note(Atomic, L);
      else if (Accesses.shared(L))
        note(Plain, L);
      // A pointer read on the way (`q->stop`) is itself a read, but the field is the flag.
      return;
    }
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child))
        scanExit(CE);
  }

  void note(LockRef &Slot, const Expr *LValue) {
    if (!Slot.Path.empty() || !Accesses.sharedStorage(LValue))
      return;
    Slot = Paths.locationOf(LValue);
    Slot.Spelling = Paths.spellingOf(LValue);
  }

  ASTContext &Ctx;
  const ApiModel &Api;
  const AccessRecorder &Accesses;
  const LockPathBuilder &Paths;
  std::vector<const Expr *> Exits;
  llvm::DenseSet<const VarDecl *> Changed; // locals the loop assigns
  bool Pauses = false, LongSleep = false, HasTry = false;
  LockRef Plain, Atomic, Try;
};

struct LoopFinder : RecursiveASTVisitor<LoopFinder> {
  LoopClassifier &Classify;
  const std::function<Site(SourceLocation)> &SiteOf;
  ASTContext &Ctx;
  std::vector<SpinLoop> Out;
  LoopFinder(LoopClassifier &Classify, const std::function<Site(SourceLocation)> &SiteOf,
             ASTContext &Ctx)
      : Classify(Classify), SiteOf(SiteOf), Ctx(Ctx) {}

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // analyzed as its own function
  void add(const Stmt *Loop, const Expr *Cond, const Stmt *Body) {
    // `do { ... } while (0)`, a macro's statement wrapper, runs once: no loop at all.
    bool Value = true;
    if (Cond && !Cond->isValueDependent() && Cond->EvaluateAsBooleanCondition(Value, Ctx) &&
        !Value)
      return;
    SpinLoop L;
    if (Classify.classify(Cond, Body, L)) {
      L.At = SiteOf(Loop->getBeginLoc());
      Out.push_back(std::move(L));
    }
  }
  bool VisitWhileStmt(WhileStmt *S) {
    if (!S->getConditionVariable())
      add(S, S->getCond(), S->getBody());
    return true;
  }
  bool VisitDoStmt(DoStmt *S) {
    add(S, S->getCond(), S->getBody());
    return true;
  }
  bool VisitForStmt(ForStmt *S) {
    if (!S->getInc() && !S->getConditionVariable())
      add(S, S->getCond(), S->getBody());
    return true;
  }
};

} // namespace

std::vector<SpinLoop> findSpinLoops(const FunctionDecl *Fn, ASTContext &Ctx,
                                    const ApiModel &Api, const AccessRecorder &Accesses,
                                    const LockPathBuilder &Paths,
                                    const std::function<Site(SourceLocation)> &SiteOf) {
  if (!Fn->getBody())
    return {};
  LoopClassifier Classify(Ctx, Api, Accesses, Paths);
  LoopFinder Finder(Classify, SiteOf, Ctx);
  Finder.TraverseStmt(Fn->getBody());
  return std::move(Finder.Out);
}

} // namespace lockgraph
