#include "FactsExtractor.h"

#include "AccessFacts.h"
#include "ApiModel.h"
#include "CheckActs.h"
#include "LockPath.h"
#include "RecursiveInit.h"
#include "SpinLoops.h"
#include "SuppressionComments.h"
#include "TimeoutStatus.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Attr.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Analysis/ConstructionContext.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/xxhash.h"

#include <set>

using namespace clang;

namespace lockgraph {
namespace {

// Site::File indexes, shared by all functions of one translation unit.
class FileTable {
public:
  FileTable(const SourceManager &SM, std::vector<std::string> &Names)
      : SM(SM), Names(Names) {}

  Site siteOf(SourceLocation L) {
    Site S;
    if (L.isInvalid())
      return S;
    L = SM.getExpansionLoc(L);
    FileID F = SM.getFileID(L);
    auto It = Index.find(F);
    if (It == Index.end()) {
      It = Index.try_emplace(F, Names.size()).first;
      Names.push_back(pathOf(F));
      Ids.push_back(F);
    }
    S.File = It->second;
    S.Line = SM.getExpansionLineNumber(L);
    S.Column = SM.getExpansionColumnNumber(L);
    return S;
  }

  std::string pathOf(FileID F) const {
    OptionalFileEntryRef FE = SM.getFileEntryRefForID(F);
    if (!FE)
      return "<unknown>";
    llvm::SmallString<256> Path(FE->getName());
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
    return std::string(Path);
  }

  const std::vector<FileID> &ids() const { return Ids; }

private:
  const SourceManager &SM;
  std::vector<std::string> &Names;
  llvm::DenseMap<FileID, uint32_t> Index;
  std::vector<FileID> Ids;
};

struct Guard {
  std::vector<LockRef> Locks;
  bool Shared = false;
  bool Disowned = false;
  int TryId = -1;
};

struct TryInfo {
  bool SuccessIsZero = true;
};

const CXXConstructExpr *constructorOf(const Expr *E) {
  while (E) {
    E = E->IgnoreImplicit();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E))
      return CE;
    if (const auto *FC = dyn_cast<CXXFunctionalCastExpr>(E))
      E = FC->getSubExpr();
    else if (const auto *EW = dyn_cast<ExprWithCleanups>(E))
      E = EW->getSubExpr();
    else
      return nullptr;
  }
  return nullptr;
}

// A function type as every TU spells it: the canonical type, without parameter names.
std::string signatureOf(QualType T) { return T.getCanonicalType().getAsString(); }

// `worker`, `&worker`, `(void *(*)(void *))worker`: the expression under casts and `&`.


class FunctionExtractor {
public:
  FunctionExtractor(ASTContext &Ctx, const ApiModel &Api, FileTable &Files,
                    const FunctionDecl *FD, std::string Usr)
      : Ctx(Ctx), SM(Ctx.getSourceManager()), Api(Api), Files(Files), FD(FD),
        Usr(Usr), Paths(FD, Usr, Api) {}

  std::optional<FunctionFacts> run();

private:
  using Block = BlockFacts;

  void visitStmt(const Stmt *S, Block &B);
  void visitCall(const CallExpr *CE, Block &B);
  void visitCallee(const CallExpr *CE, Block &B);
  void visitConstruct(const CXXConstructExpr *CE, const VarDecl *Var, Block &B);
  void visitDtor(const VarDecl *Var, const Stmt *Trigger, Block &B);
  bool applyAttributes(const FunctionDecl *Callee, const CallExpr *CE,
                       llvm::ArrayRef<const Expr *> Args, const Expr *Object, Block &B);
  const FunctionModel *emplacedThreadStart(const CallExpr *CE) const;
  // The index of the parameter E names (through casts and a `*`), or -1.
  int paramIndexOf(const Expr *E) const;
  void addThreadStart(const FunctionModel &M, llvm::ArrayRef<const Expr *> Args,
                      SourceLocation Loc, Block &B);
  bool applyModel(const FunctionModel &M, const CallExpr *CE,
                  llvm::ArrayRef<const Expr *> Args, const Expr *Object, Block &B);
  void addPointerCall(const CallExpr *CE, Block &B);
  // The function a call through a local pointer always reaches: glibc's
  // pthread_cleanup_pop(1) runs `__cancel_routine(__cancel_arg)`, both set once.
  const FunctionDecl *constantCallee(const Expr *Callee) const;
  void addCall(const FunctionDecl *Callee, SourceLocation Loc,
               llvm::ArrayRef<const Expr *> Args, const Expr *Object, Block &B,
               const VarDecl *ThisVar = nullptr);
  std::vector<FieldBinding> fieldBindings(const CXXConstructorDecl *Ctor,
                                          llvm::ArrayRef<const Expr *> Args);
  std::vector<LockRef> locksOfExpr(const Expr *E);
  std::vector<LockRef> callerArgs(const FunctionDecl *Callee,
                                  llvm::ArrayRef<const Expr *> Args);
  void emitLocks(EventKind K, std::vector<LockRef> Locks, bool Shared, SourceLocation Loc,
                 Block &B, int TryId = -1);
  // A try id for a blocking call whose int status is tested (0: it worked), or -1.
  int statusTry(const CallExpr *CE);
  int newTry(bool SuccessIsZero) {
    Tries.push_back({SuccessIsZero});
    return Tries.size() - 1;
  }
  // Which try succeeded when the condition is true: {TryId, true-branch-is-success}.
  std::optional<std::pair<int, bool>> resolveTry(const Expr *Cond) const;
  // The unmodified variable a condition tests: {key, condition-true-means-nonzero}.
  std::optional<std::pair<std::string, bool>> resolveCondVar(const Expr *Cond) const;
  void collectVarUses();
  // A local whose value decides a branch or the result, followed through assignments:
  // `locked = true` lets `if (locked) unlock(...)` be followed (see Lockset.h), and
  // `z = find_locked(...)` lets `if (!z)` know whether the lock came with it.
  bool tracked(const VarDecl *V) const;
  // The variable a call's result is tested as: the local it is assigned to, or the
  // call itself when its value is tested directly or returned; "" for neither.
  std::string resultKey(const CallExpr *CE) const;
  // V = Value: a constant, a keyed call's result (that call carries V), or unknown.
  void setVar(const VarDecl *V, const Expr *Value, SourceLocation Loc, BlockFacts &B);
  void havoc(const VarDecl *V, SourceLocation Loc, BlockFacts &B);

  ASTContext &Ctx;
  const SourceManager &SM;
  const ApiModel &Api;
  FileTable &Files;
  const FunctionDecl *FD;
  std::string Usr;
  LockPathBuilder Paths;
  std::optional<AccessRecorder> Accesses; // made once the escaping locals are known
  CheckActCandidates CheckActs;
  void probe(const std::vector<uint32_t> &Ids, SourceLocation Loc, Block &B);
  llvm::DenseMap<const VarDecl *, Guard> Guards;
  llvm::DenseMap<const VarDecl *, std::vector<FieldBinding>> Bindings;
  llvm::DenseMap<const Expr *, int> TryCalls;
  llvm::DenseMap<const VarDecl *, int> TryVars;
  std::vector<TryInfo> Tries;
  llvm::DenseSet<const VarDecl *> Escaped;    // address taken or bound to a reference
  llvm::DenseSet<const VarDecl *> Assigned;   // assigned after its declaration
  llvm::DenseSet<const VarDecl *> TestedVars; // a condition or the result tests it
  // Calls whose value is kept or tested (a condition, an assignment, a return), unlike
  // a discarded `pthread_mutex_lock(&m);` statement.
  llvm::DenseSet<const CallExpr *> TestedCalls;
  llvm::DenseMap<const CallExpr *, const VarDecl *> CallResultVar; // `v = f()`
  llvm::DenseMap<const CallExpr *, std::string> KeyedCalls; // Call events with a Var
  std::string condKey(const VarDecl *V) const;
  std::optional<bool> constantTruth(const Expr *E) const;
  bool HasEvents = false;
};

std::vector<LockRef> FunctionExtractor::locksOfExpr(const Expr *E) {
  if (const VarDecl *V = varOf(E)) {
    auto It = Guards.find(V);
    if (It != Guards.end())
      return It->second.Locks;
  }
  LockRef L = Paths.lockOf(E);
  if (L.Path.empty())
    return {};
  return {L};
}

void FunctionExtractor::emitLocks(EventKind K, std::vector<LockRef> Locks, bool Shared,
                                  SourceLocation Loc, Block &B, int TryId) {
  if (Locks.empty())
    return;
  Event E;
  E.Kind = K;
  E.At = Files.siteOf(Loc);
  E.Shared = Shared;
  E.Group = Locks.size() > 1;
  E.TryId = TryId;
  E.Locks = std::move(Locks);
  B.Events.push_back(std::move(E));
  HasEvents = true;
}

std::vector<LockRef> FunctionExtractor::callerArgs(const FunctionDecl *Callee,
                                                   llvm::ArrayRef<const Expr *> Args) {
  std::vector<LockRef> Out(std::min<size_t>(Args.size(), Callee->getNumParams()));
  for (size_t I = 0; I < Out.size(); ++I) {
    QualType T = Callee->getParamDecl(I)->getType();
    if (T->isPointerType() || T->isReferenceType() || T->isRecordType())
      Out[I] = Paths.lockOf(Args[I]);
  }
  return Out;
}

bool FunctionExtractor::applyAttributes(const FunctionDecl *Callee, const CallExpr *CE,
                                        llvm::ArrayRef<const Expr *> Args,
                                        const Expr *Object, Block &B) {
  const auto *Acq = Callee->getAttr<AcquireCapabilityAttr>();
  const auto *Rel = Callee->getAttr<ReleaseCapabilityAttr>();
  const auto *Try = Callee->getAttr<TryAcquireCapabilityAttr>();
  if (!Acq && !Rel && !Try)
    return false;
  // Attribute arguments are written in the callee's terms; bind them to this call.
  LockPathBuilder CalleePaths(Callee, usrOf(Callee), Api);
  std::vector<LockRef> Bound = callerArgs(Callee, Args);
  LockRef This;
  if (Object)
    This = Paths.lockOf(Object);
  auto LocksOf = [&](Expr *const *Begin, Expr *const *End) {
    std::vector<LockRef> Out;
    if (Begin == End) { // no argument: the object itself is the capability
      if (Object)
        return locksOfExpr(Object);
      return Out;
    }
    for (auto It = Begin; It != End; ++It) {
      LockRef L = substitutePath(CalleePaths.lockOf(*It), Bound, This);
      if (!L.Path.empty())
        Out.push_back(std::move(L));
    }
    return Out;
  };
  SourceLocation Loc = CE->getBeginLoc();
  if (Rel)
    emitLocks(EventKind::Release, LocksOf(Rel->args_begin(), Rel->args_end()), false, Loc, B);
  if (Acq)
    emitLocks(EventKind::Acquire, LocksOf(Acq->args_begin(), Acq->args_end()),
              Acq->isShared(), Loc, B);
  if (Try) {
    bool SuccessIsTrue = true;
    if (const Expr *V = Try->getSuccessValue())
      if (!V->EvaluateAsBooleanCondition(SuccessIsTrue, Ctx))
        SuccessIsTrue = true;
    int Id = newTry(!SuccessIsTrue);
    TryCalls[CE] = Id;
    emitLocks(EventKind::TryAcquire, LocksOf(Try->args_begin(), Try->args_end()),
              Try->isShared(), Loc, B, Id);
  }
  return true;
}

int FunctionExtractor::statusTry(const CallExpr *CE) {
  if (!TestedCalls.count(CE) || !CE->getCallReturnType(Ctx)->isIntegerType() ||
      CE->getCallReturnType(Ctx)->isBooleanType())
    return -1;
  int Id = newTry(/*SuccessIsZero=*/true);
  TryCalls[CE] = Id;
  return Id;
}

bool FunctionExtractor::applyModel(const FunctionModel &M, const CallExpr *CE,
                                   llvm::ArrayRef<const Expr *> Args, const Expr *Object,
                                   Block &B) {
  std::vector<LockRef> Locks;
  if (M.LockArg == LockArgThis) {
    if (!Object)
      return false;
    Locks = locksOfExpr(Object);
  } else if (M.LockArg == LockArgAll) {
    for (const Expr *A : Args)
      for (LockRef &L : locksOfExpr(A))
        Locks.push_back(std::move(L));
  } else if ((size_t)M.LockArg < Args.size()) {
    Locks = locksOfExpr(Args[M.LockArg]);
  }
  SourceLocation Loc = CE->getBeginLoc();
  // A call through a local that always holds the function has no direct callee.
  std::string ApiName = CE->getDirectCallee() ? qualifiedNameOf(CE->getDirectCallee())
                                              : Paths.spellingOf(CE->getCallee());
  switch (M.Effect) {
  case ApiEffect::Acquire: {
    // `if (pthread_mutex_lock(&m) != 0) { error }`: on that branch the lock is not held.
    emitLocks(EventKind::Acquire, std::move(Locks), M.Shared, Loc, B, statusTry(CE));
    break;
  }
  case ApiEffect::TryAcquire: {
    int Id = newTry(M.SuccessIsZero);
    TryCalls[CE] = Id;
    emitLocks(EventKind::TryAcquire, std::move(Locks), M.Shared, Loc, B, Id);
    break;
  }
  case ApiEffect::Release:
    emitLocks(EventKind::Release, std::move(Locks), false, Loc, B);
    break;
  case ApiEffect::Wait: {
    // `if (pthread_cond_wait(...) != 0)`: the failure branch is error handling (or a
    // timeout giving up), not code acting on the condition (cond-wait-no-loop).
    // A timed wait whose caller cannot tell a wake-up from a time-out by its status
    // (not tested, or only for errors: `err != 0 && err != ETIMEDOUT`) runs the same
    // code after both, so a spurious wake-up is only an early time-out: like a wait
    // with its own predicate, it needs no loop around it.
    bool WakeupLikeTimeout =
        isTimedWaitName(ApiName) &&
        (!TestedCalls.count(CE) ||
         !statusTellsTimeoutApart(CE, CallResultVar.lookup(CE), FD, Ctx));
    emitLocks(EventKind::Wait, std::move(Locks), false, Loc, B,
              WakeupLikeTimeout ? -1 : statusTry(CE));
    if (!B.Events.empty() && B.Events.back().Kind == EventKind::Wait)
      B.Events.back().CalleeName = ApiName;
    // A wait that tests its own predicate has the loop inside (cond-wait-no-loop).
    bool OwnPredicate = M.PredicateArg >= 0 && Args.size() > (size_t)M.PredicateArg;
    if ((OwnPredicate || WakeupLikeTimeout) && !B.Events.empty() &&
        B.Events.back().Kind == EventKind::Wait)
      B.Events.back().Value = true;
    break;
  }
  case ApiEffect::Block:
  case ApiEffect::Sleep: {
    if (M.NoWaitArg >= 0 && (size_t)M.NoWaitArg < Args.size())
      if (std::optional<llvm::APSInt> V = Args[M.NoWaitArg]->getIntegerConstantExpr(Ctx);
          V && V->getExtValue() >= 0 && V->getExtValue() <= M.NoWaitAtMost)
        break; // returns at once: a zero timeout, a wake-up token
    Event E;
    E.Kind = EventKind::Block;
    E.At = Files.siteOf(Loc);
    E.CalleeName = ApiName;
    E.Value = M.Effect == ApiEffect::Sleep;
    E.Output = M.Output;
    B.Events.push_back(std::move(E));
    HasEvents = true;
    break;
  }
  case ApiEffect::Yield:
    break; // read by SpinLoops

  case ApiEffect::Disown:
    if (Object)
      if (const VarDecl *V = varOf(Object)) {
        auto It = Guards.find(V);
        if (It != Guards.end())
          It->second.Disowned = true;
      }
    break;
  case ApiEffect::OwnsLock:
    break; // read by resolveTry
  case ApiEffect::ThreadStart:
    addThreadStart(M, Args, Loc, B);
    break;
  }
  return true;
}

// The function `f`, `&f` or `(cast)f` names, or null.
static const FunctionDecl *functionNamedBy(const Expr *E) {
  const auto *DRE = dyn_cast<DeclRefExpr>(stripAddressOf(E)->IgnoreParenCasts());
  return DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
}

int FunctionExtractor::paramIndexOf(const Expr *E) const {
  const Expr *Inner = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Inner); UO && UO->getOpcode() == UO_Deref)
    Inner = UO->getSubExpr()->IgnoreParenCasts(); // `(*fn)(arg)`
  const auto *DRE = dyn_cast<DeclRefExpr>(Inner);
  const auto *PV = DRE ? dyn_cast<ParmVarDecl>(DRE->getDecl()) : nullptr;
  if (!PV || PV->getDeclContext() != FD || Assigned.count(PV))
    return -1;
  return (int)PV->getFunctionScopeIndex();
}

// The function a callable argument runs: a function or its address, a lambda (its call
// operator), a local variable holding one, a pointer to member function, an object of a
// class with one operator(). Null when the target is only known at run time.
static const FunctionDecl *callableTarget(const Expr *E) {
  for (int Depth = 0; E && Depth < 8; ++Depth) {
    E = E->IgnoreImplicit()->IgnoreParenCasts();
    if (const auto *CE = dyn_cast<CXXConstructExpr>(E)) { // a copy or move of the callable
      if (CE->getNumArgs() != 1 || !CE->getConstructor()->isCopyOrMoveConstructor())
        break;
      E = CE->getArg(0);
    } else if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf) {
      E = UO->getSubExpr();
    } else if (const auto *LE = dyn_cast<LambdaExpr>(E)) {
      return LE->getCallOperator();
    } else if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
      if (const auto *Fn = dyn_cast<FunctionDecl>(DRE->getDecl()))
        return Fn;
      const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
      if (!V || isa<ParmVarDecl>(V) || !V->getInit() || V->getType().isVolatileQualified())
        break;
      E = V->getInit();
    } else {
      break;
    }
  }
  if (!E)
    return nullptr;
  const CXXRecordDecl *RD = E->getType().getNonReferenceType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return nullptr;
  const CXXMethodDecl *Call = nullptr;
  for (const CXXMethodDecl *M : RD->methods())
    if (M->getOverloadedOperator() == OO_Call) {
      if (Call)
        return nullptr; // overloaded: which one runs depends on the arguments
      Call = M;
    }
  return Call;
}

// A container's emplace that builds a thread in place: the model of the element's
// constructor (`std::vector<std::thread>::emplace_back(worker, i)`).
const FunctionModel *FunctionExtractor::emplacedThreadStart(const CallExpr *CE) const {
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE);
  const CXXMethodDecl *MD = MCE ? MCE->getMethodDecl() : nullptr;
  if (!MD || !MD->getIdentifier() || !MD->getName().starts_with("emplace"))
    return nullptr;
  const auto *Spec = dyn_cast<ClassTemplateSpecializationDecl>(MD->getParent());
  if (!Spec || Spec->getTemplateArgs().size() == 0 ||
      Spec->getTemplateArgs()[0].getKind() != TemplateArgument::Type)
    return nullptr;
  const CXXRecordDecl *Element = Spec->getTemplateArgs()[0].getAsType()->getAsCXXRecordDecl();
  if (!Element || !Element->getIdentifier())
    return nullptr;
  std::string Class = qualifiedNameOf(Element);
  const FunctionModel *M = Api.function(Class + "::" + Element->getName().str());
  return M && M->Effect == ApiEffect::ThreadStart ? M : nullptr;
}

void FunctionExtractor::addThreadStart(const FunctionModel &M, llvm::ArrayRef<const Expr *> Args,
                                       SourceLocation Loc, Block &B) {
  Event E;
  E.Kind = EventKind::ThreadStart;
  E.At = Files.siteOf(Loc);
  E.Value = M.Pool;
  // A start wrapper's own parameter: resolved at the wrapper's call sites.
  if ((size_t)M.RoutineArg < Args.size())
    E.Param = paramIndexOf(Args[M.RoutineArg]);
  // The thread's argument, when it is a function (for a trampoline that calls it).
  if ((size_t)M.RoutineArg + 1 < Args.size()) {
    const Expr *Data = Args[M.RoutineArg + 1];
    E.DataParam = paramIndexOf(Data);
    if (const FunctionDecl *Fn = functionNamedBy(Data))
      E.DataCallee = usrOf(Fn);
  }
  // The routine, or the first callable after it: `std::async(policy, f)`, `post(pool, f)`.
  for (size_t I = E.Param >= 0 ? Args.size() : M.RoutineArg; I < Args.size(); ++I) {
    if (const FunctionDecl *Fn = callableTarget(Args[I])) {
      E.Callee = usrOf(Fn);
      E.CalleeName = Fn->getQualifiedNameAsString();
      break;
    }
    QualType T = Args[I]->getType().getNonReferenceType();
    if (T->isPointerType())
      T = T->getPointeeType();
    if (!T->isEnumeralType() && !T->isRecordType())
      break; // a function pointer variable: the thread still starts, running we know not what
  }
  B.Events.push_back(std::move(E));
  HasEvents = true;
}

std::vector<FieldBinding>
FunctionExtractor::fieldBindings(const CXXConstructorDecl *Ctor,
                                 llvm::ArrayRef<const Expr *> Args) {
  std::vector<FieldBinding> Out;
  for (const CXXCtorInitializer *Init : Ctor->inits()) {
    const FieldDecl *Field = Init->getMember();
    if (!Field || !Init->isWritten())
      continue;
    QualType T = Field->getType();
    if (!T->isReferenceType() && !T->isPointerType())
      continue;
    const auto *Param = dyn_cast_or_null<ParmVarDecl>(varOf(Init->getInit()));
    if (!Param)
      continue;
    unsigned Index = Param->getFunctionScopeIndex();
    if (Param->getDeclContext() != Ctor || Index >= Args.size())
      continue;
    LockRef Target = Paths.lockOf(Args[Index]);
    if (!Target.Path.empty())
      Out.push_back({Field->getName().str(), std::move(Target)});
  }
  llvm::sort(Out, [](const FieldBinding &A, const FieldBinding &B) { return A.Field < B.Field; });
  return Out;
}

void FunctionExtractor::addCall(const FunctionDecl *Callee, SourceLocation Loc,
                                llvm::ArrayRef<const Expr *> Args, const Expr *Object,
                                Block &B, const VarDecl *ThisVar) {
  if (SM.isInSystemHeader(Callee->getLocation()))
    return; // library code does not take the program's locks
  Event E;
  E.Kind = EventKind::Call;
  E.At = Files.siteOf(Loc);
  E.Callee = usrOf(Callee);
  if (E.Callee.empty())
    return;
  E.CalleeName = Callee->getQualifiedNameAsString();
  E.Args = callerArgs(Callee, Args);
  for (const Expr *A : Args) {
    std::optional<bool> Truth;
    if (A->getType()->isScalarType())
      Truth = constantTruth(A);
    E.ArgValues += Truth ? (*Truth ? '1' : '0') : '?';
  }
  if (E.ArgValues.find_first_not_of('?') == std::string::npos)
    E.ArgValues.clear();
  for (size_t I = 0; I < Args.size(); ++I)
    if (const FunctionDecl *Fn = functionNamedBy(Args[I])) {
      E.FunctionArgs.resize(Args.size());
      E.FunctionArgs[I] = usrOf(Fn);
    }
  if (Object) {
    E.This = Paths.lockOf(Object);
    ThisVar = varOf(Object);
  } else if (ThisVar) {
    E.This.Path = Paths.pathOfVar(ThisVar);
  }
  if (ThisVar)
    if (auto It = Bindings.find(ThisVar); It != Bindings.end())
      E.ThisFields = It->second;
  B.Events.push_back(std::move(E));
  HasEvents = true;
}

void FunctionExtractor::addPointerCall(const CallExpr *CE, Block &B) {
  QualType T = CE->getCallee()->IgnoreParenImpCasts()->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  const auto *Proto = T->getAs<FunctionProtoType>();
  if (!Proto)
    return;
  Event E;
  E.Kind = EventKind::Call;
  E.At = Files.siteOf(CE->getBeginLoc());
  E.Signature = signatureOf(T);
  E.CalleeName = "(*" + Paths.spellingOf(CE->getCallee()) + ")";
  E.Param = paramIndexOf(CE->getCallee());
  const Expr *Callee = CE->getCallee()->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Callee); UO && UO->getOpcode() == UO_Deref)
    Callee = UO->getSubExpr()->IgnoreParenCasts();
  if (const auto *ME = dyn_cast<MemberExpr>(Callee))
    if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
      E.CalleeField = fieldKeyOf(Field);
  for (unsigned I = 0; I < CE->getNumArgs() && I < Proto->getNumParams(); ++I) {
    QualType PT = Proto->getParamType(I);
    E.Args.push_back(PT->isPointerType() || PT->isReferenceType() || PT->isRecordType()
                         ? Paths.lockOf(CE->getArg(I))
                         : LockRef());
  }
  B.Events.push_back(std::move(E));
  HasEvents = true;
}

void FunctionExtractor::visitCall(const CallExpr *CE, Block &B) {
  size_t Before = B.Events.size();
  visitCallee(CE, B);
  if (B.Events.size() == Before + 1 && B.Events.back().Kind == EventKind::Call)
    if (std::string Key = resultKey(CE); !Key.empty()) {
      B.Events.back().Var = Key;
      KeyedCalls[CE] = std::move(Key);
    }
}

const FunctionDecl *FunctionExtractor::constantCallee(const Expr *Callee) const {
  const auto *DRE = dyn_cast<DeclRefExpr>(Callee->IgnoreParenImpCasts());
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!V || isa<ParmVarDecl>(V) || V->hasGlobalStorage() || !V->getInit() ||
      Assigned.count(V) || Escaped.count(V))
    return nullptr;
  const Expr *Init = V->getInit()->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(Init); UO && UO->getOpcode() == UO_AddrOf)
    Init = UO->getSubExpr()->IgnoreParenCasts();
  const auto *Target = dyn_cast<DeclRefExpr>(Init);
  return Target ? dyn_cast<FunctionDecl>(Target->getDecl()) : nullptr;
}

void FunctionExtractor::visitCallee(const CallExpr *CE, Block &B) {
  const FunctionDecl *Callee = CE->getDirectCallee();
  if (!Callee && !isa<CXXMemberCallExpr>(CE))
    Callee = constantCallee(CE->getCallee());
  if (!Callee) {
    if (!isa<CXXMemberCallExpr>(CE) && !isa<CXXPseudoDestructorExpr>(CE->getCallee()))
      addPointerCall(CE, B); // a callback: `j->run(j->arg)`
    return;
  }
  llvm::SmallVector<const Expr *, 4> Args;
  const Expr *Object = nullptr;
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE)) {
    Object = MCE->getImplicitObjectArgument();
    Args.append(MCE->arg_begin(), MCE->arg_end());
  } else if (const auto *OCE = dyn_cast<CXXOperatorCallExpr>(CE);
             OCE && isa<CXXMethodDecl>(Callee) && OCE->getNumArgs() > 0) {
    Object = OCE->getArg(0);
    Args.append(OCE->arg_begin() + 1, OCE->arg_end());
  } else {
    Args.append(CE->arg_begin(), CE->arg_end());
  }
  if (applyAttributes(Callee, CE, Args, Object, B))
    return;
  if (const FunctionModel *M = Api.function(qualifiedNameOf(Callee))) {
    applyModel(*M, CE, Args, Object, B);
    return;
  }
  if (const FunctionModel *M = emplacedThreadStart(CE))
    addThreadStart(*M, Args, CE->getBeginLoc(), B); // `threads.emplace_back(worker, i)`
  if (std::optional<AccessRecorder::Access> A = Accesses->containerAccessOf(CE)) {
    Event E;
    E.Kind = EventKind::Access;
    E.At = Files.siteOf(CE->getBeginLoc());
    E.Access = A->Kind;
    E.Location = Paths.locationOf(A->Location);
    appendAccess(B, std::move(E));
    HasEvents = true;
    return;
  }
  size_t Before = B.Events.size();
  addCall(Callee, CE->getBeginLoc(), Args, Object, B);
  // `h->on_event()` runs whichever override the object has (`Base::f()` does not).
  if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE); MCE && B.Events.size() > Before)
    if (const CXXMethodDecl *MD = MCE->getMethodDecl(); MD && MD->isVirtual())
      if (const auto *ME = dyn_cast<MemberExpr>(MCE->getCallee()->IgnoreParens());
          ME && !ME->hasQualifier())
        B.Events.back().Virtual = true;
}

void FunctionExtractor::visitConstruct(const CXXConstructExpr *CE, const VarDecl *Var,
                                       Block &B) {
  const CXXConstructorDecl *Ctor = CE->getConstructor();
  const CXXRecordDecl *Class = Ctor->getParent();
  llvm::SmallVector<const Expr *, 4> Args(CE->arg_begin(), CE->arg_end());
  SourceLocation Loc = CE->getBeginLoc();
  if (const FunctionModel *M = Api.function(qualifiedNameOf(Ctor));
      M && M->Effect == ApiEffect::ThreadStart) {
    addThreadStart(*M, Args, Loc, B); // `std::thread t(worker, arg)`
    return;
  }
  Guard G;
  bool IsGuard = false;
  std::optional<GuardTag> Tag;
  if (const GuardModel *M = Api.guard(qualifiedNameOf(Class))) {
    IsGuard = true;
    G.Shared = M->Shared;
    for (size_t I = 0; I < Args.size(); ++I) {
      QualType T = Args[I]->getType().getNonReferenceType();
      if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
        if (const GuardTag *GT = Api.tag(qualifiedNameOf(RD))) {
          Tag = *GT;
          continue;
        }
      if (M->LockArg == LockArgAll || (size_t)M->LockArg == I)
        for (LockRef &L : locksOfExpr(Args[I]))
          G.Locks.push_back(std::move(L));
    }
  } else if (Class->hasAttr<ScopedLockableAttr>()) {
    IsGuard = true;
    LockPathBuilder CtorPaths(Ctor, usrOf(Ctor), Api);
    std::vector<LockRef> Bound = callerArgs(Ctor, Args);
    auto Collect = [&](auto *A) {
      for (Expr *E : A->args()) {
        LockRef L = substitutePath(CtorPaths.lockOf(E), Bound, LockRef());
        if (!L.Path.empty())
          G.Locks.push_back(std::move(L));
      }
    };
    if (const auto *A = Ctor->getAttr<AcquireCapabilityAttr>()) {
      Collect(A);
      G.Shared = A->isShared();
    } else if (const auto *T = Ctor->getAttr<TryAcquireCapabilityAttr>()) {
      Collect(T);
      Tag = GuardTag::Try;
    } else if (const auto *R = Ctor->getAttr<RequiresCapabilityAttr>()) {
      Collect(R);
      Tag = GuardTag::Adopt;
    }
  }
  if (!IsGuard) {
    // A user-defined constructor may take locks itself (a home-grown guard without
    // annotations): follow it like any call, with the new object as `this`.
    if (Ctor->isUserProvided() && Var) {
      // A home-grown guard (`scoped_lock_t l(slot_)`) keeps the caller's lock in a
      // member: its constructor, destructor and methods act on that lock.
      if (std::vector<FieldBinding> Fields = fieldBindings(Ctor, Args); !Fields.empty())
        Bindings[Var] = std::move(Fields);
      addCall(Ctor, Loc, Args, nullptr, B, Var);
    }
    return;
  }
  if (!Tag)
    emitLocks(EventKind::Acquire, G.Locks, G.Shared, Loc, B);
  else if (*Tag == GuardTag::Try) {
    G.TryId = newTry(/*SuccessIsZero=*/false);
    emitLocks(EventKind::TryAcquire, G.Locks, G.Shared, Loc, B, G.TryId);
  }
  if (Var)
    Guards[Var] = std::move(G);
  else // a temporary guard lives until the end of its full expression
    emitLocks(EventKind::ReleaseIfHeld, G.Locks, false, Loc, B);
}

void FunctionExtractor::visitDtor(const VarDecl *Var, const Stmt *Trigger, Block &B) {
  SourceLocation Loc = Trigger ? Trigger->getEndLoc() : Var->getLocation();
  auto It = Guards.find(Var);
  if (It != Guards.end()) {
    if (!It->second.Disowned)
      emitLocks(EventKind::ReleaseIfHeld, It->second.Locks, false, Loc, B);
    return;
  }
  const CXXRecordDecl *RD = Var->getType()->getAsCXXRecordDecl();
  if (!RD || !RD->hasDefinition())
    return;
  const CXXDestructorDecl *Dtor = RD->getDestructor();
  if (Dtor && Dtor->isUserProvided())
    addCall(Dtor, Loc, {}, nullptr, B, Var);
}

void FunctionExtractor::probe(const std::vector<uint32_t> &Ids, SourceLocation Loc, Block &B) {
  for (uint32_t Id : Ids) {
    Event E;
    E.Kind = EventKind::Probe;
    E.At = Files.siteOf(Loc);
    E.Var = std::to_string(Id);
    B.Events.push_back(std::move(E));
  }
}

void FunctionExtractor::visitStmt(const Stmt *S, Block &B) {
  if (auto It = CheckActs.ActProbes.find(S); It != CheckActs.ActProbes.end())
    probe(It->second, S->getBeginLoc(), B);
  if (std::optional<AccessRecorder::Access> A = Accesses->accessOf(S)) {
    Event E;
    E.Kind = EventKind::Access;
    E.At = Files.siteOf(A->Location->getExprLoc());
    E.Location = Paths.locationOf(A->Location);
    E.Location.Recursive = false;
    E.DeclaredGuard = Paths.declaredGuardOf(A->Location);
    E.Access = A->Kind;
    appendAccess(B, std::move(E));
    HasEvents = true;
  }
  if (const auto *CE = dyn_cast<CallExpr>(S)) {
    visitCall(CE, B);
    return;
  }
  // `delete p` runs p's destructor here, under whatever this function holds
  // (leveldb's Version::Unref: `delete this` with the DB mutex held).
  if (const auto *DE = dyn_cast<CXXDeleteExpr>(S)) {
    if (const CXXRecordDecl *RD = DE->getDestroyedType()->getAsCXXRecordDecl())
      if (RD->hasDefinition())
        if (const CXXDestructorDecl *Dtor = RD->getDestructor();
            Dtor && Dtor->isUserProvided())
          addCall(Dtor, DE->getBeginLoc(), {}, DE->getArgument()->IgnoreImpCasts(), B);
    return;
  }
  if (const auto *DS = dyn_cast<DeclStmt>(S)) {
    // `int rc = pthread_mutex_trylock(&m); if (rc == 0)` resolves through rc.
    for (const Decl *D : DS->decls())
      if (const auto *VD = dyn_cast<VarDecl>(D))
        if (const Expr *Init = VD->getInit()) {
          auto It = TryCalls.find(Init->IgnoreParenImpCasts());
          if (It != TryCalls.end())
            TryVars[VD] = It->second;
          else
            setVar(VD, Init, DS->getBeginLoc(), B);
        }
    return;
  }
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->isAssignmentOp())
      if (const VarDecl *VD = varOf(BO->getLHS())) {
        if (BO->getOpcode() != BO_Assign) {
          havoc(VD, BO->getBeginLoc(), B);
          return;
        }
        setVar(VD, BO->getRHS(), BO->getBeginLoc(), B);
        auto It = TryCalls.find(BO->getRHS()->IgnoreParenImpCasts());
        if (It != TryCalls.end())
          TryVars[VD] = It->second;
        else
          TryVars.erase(VD);
      }
    return;
  }
  if (const auto *UO = dyn_cast<UnaryOperator>(S); UO && UO->isIncrementDecrementOp())
    if (const VarDecl *VD = varOf(UO->getSubExpr()))
      havoc(VD, UO->getBeginLoc(), B);
}

// Strips `!`, `== 0`, `!= 0`, parentheses and casts; Negated tells whether the
// condition is true when what remains is zero / false.
static const Expr *stripTruthTest(const Expr *E, bool &Negated, const ASTContext &Ctx) {
  Negated = false;
  while (E) {
    E = E->IgnoreParenImpCasts();
    if (const auto *EW = dyn_cast<ExprWithCleanups>(E)) {
      E = EW->getSubExpr();
      continue;
    }
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_LNot) {
      Negated = !Negated;
      E = UO->getSubExpr();
      continue;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && (BO->getOpcode() == BO_EQ || BO->getOpcode() == BO_NE)) {
      auto IsZero = [&](const Expr *X) {
        if (X->isNullPointerConstant(const_cast<ASTContext &>(Ctx),
                                     Expr::NPC_ValueDependentIsNotNull))
          return true; // NULL is ((void *)0) in C
        X = X->IgnoreParenImpCasts();
        Expr::EvalResult R;
        return !X->isValueDependent() && X->EvaluateAsInt(R, Ctx) && R.Val.getInt() == 0;
      };
      const Expr *Other = IsZero(BO->getRHS()) ? BO->getLHS()
                          : IsZero(BO->getLHS()) ? BO->getRHS()
                                                 : nullptr;
      if (!Other)
        return E;
      if (BO->getOpcode() == BO_EQ)
        Negated = !Negated;
      E = Other;
      continue;
    }
    return E;
  }
  return E;
}

std::optional<bool> FunctionExtractor::constantTruth(const Expr *E) const {
  E = E->IgnoreParenImpCasts();
  if (E->isValueDependent())
    return std::nullopt;
  if (isa<CXXNullPtrLiteralExpr>(E) || isa<GNUNullExpr>(E))
    return false;
  bool Result;
  if (E->EvaluateAsBooleanCondition(Result, Ctx))
    return Result;
  return std::nullopt;
}

std::string FunctionExtractor::condKey(const VarDecl *V) const {
  // Unique within the function: name and where it is declared.
  return V->getName().str() + "@" +
         std::to_string(SM.getFileOffset(SM.getExpansionLoc(V->getLocation())));
}

void FunctionExtractor::setVar(const VarDecl *V, const Expr *Value, SourceLocation Loc,
                               BlockFacts &B) {
  if (!tracked(V))
    return;
  std::optional<bool> Truth = constantTruth(Value);
  if (!Truth) {
    const Expr *E = Value->IgnoreParenImpCasts();
    if (const auto *EW = dyn_cast<ExprWithCleanups>(E))
      E = EW->getSubExpr()->IgnoreParenImpCasts();
    if (const auto *CE = dyn_cast<CallExpr>(E))
      if (auto It = KeyedCalls.find(CE); It != KeyedCalls.end() && It->second == condKey(V))
        return; // the call event already set V
    havoc(V, Loc, B);
    return;
  }
  Event E;
  E.Kind = EventKind::Assign;
  E.At = Files.siteOf(Loc);
  E.Var = condKey(V);
  E.Value = *Truth;
  B.Events.push_back(std::move(E));
}

void FunctionExtractor::havoc(const VarDecl *V, SourceLocation Loc, BlockFacts &B) {
  if (!tracked(V))
    return;
  Event E;
  E.Kind = EventKind::Havoc;
  E.At = Files.siteOf(Loc);
  E.Var = condKey(V);
  B.Events.push_back(std::move(E));
}

void FunctionExtractor::collectVarUses() {
  struct Finder : RecursiveASTVisitor<Finder> {
    FunctionExtractor &X;
    explicit Finder(FunctionExtractor &X) : X(X) {}
    static const Expr *strip(const Expr *E) {
      while (E) {
        E = E->IgnoreParenImpCasts();
        if (const auto *EW = dyn_cast<ExprWithCleanups>(E))
          E = EW->getSubExpr();
        else
          break;
      }
      return E;
    }
    // A value whose truth decides a branch or the function's result.
    void truthOf(const Expr *E) {
      if (!E)
        return;
      bool Negated;
      E = stripTruthTest(E, Negated, X.Ctx);
      if (const auto *BO = dyn_cast_or_null<BinaryOperator>(E);
          BO && BO->getOpcode() == BO_Assign) {
        kept(BO->getRHS());
        E = BO->getLHS()->IgnoreParenImpCasts();
      }
      if (const auto *DRE = dyn_cast_or_null<DeclRefExpr>(E))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
          X.TestedVars.insert(V);
      kept(E);
    }
    void kept(const Expr *E) {
      if (const auto *CE = dyn_cast_or_null<CallExpr>(strip(E)))
        X.TestedCalls.insert(CE);
    }
    bool VisitVarDecl(VarDecl *V) {
      kept(V->getInit());
      if (const auto *CE = dyn_cast_or_null<CallExpr>(strip(V->getInit())))
        X.CallResultVar[CE] = V;
      return true;
    }
    bool VisitReturnStmt(ReturnStmt *R) {
      truthOf(R->getRetValue());
      return true;
    }
    bool VisitStmt(Stmt *S) { // the condition of an if, a loop or `?:` decides a branch
      if (const auto *I = dyn_cast<IfStmt>(S))
        truthOf(I->getCond());
      else if (const auto *W = dyn_cast<WhileStmt>(S))
        truthOf(W->getCond());
      else if (const auto *D = dyn_cast<DoStmt>(S))
        truthOf(D->getCond());
      else if (const auto *F = dyn_cast<ForStmt>(S))
        truthOf(F->getCond());
      else if (const auto *C = dyn_cast<ConditionalOperator>(S))
        truthOf(C->getCond());
      else if (const auto *Sw = dyn_cast<SwitchStmt>(S))
        kept(Sw->getCond());
      return true;
    }
    bool VisitBinaryOperator(BinaryOperator *BO) {
      if (BO->isLogicalOp()) {
        truthOf(BO->getLHS());
        truthOf(BO->getRHS());
      } else if (BO->isComparisonOp()) {
        kept(BO->getLHS());
        kept(BO->getRHS());
      } else if (BO->getOpcode() == BO_Assign) {
        kept(BO->getRHS());
        if (const VarDecl *V = varOf(BO->getLHS())) {
          X.Assigned.insert(V);
          if (const auto *CE = dyn_cast_or_null<CallExpr>(strip(BO->getRHS())))
            X.CallResultVar[CE] = V;
        }
      }
      return true;
    }
    bool VisitUnaryOperator(UnaryOperator *UO) {
      if (UO->getOpcode() == UO_LNot)
        truthOf(UO->getSubExpr());
      if (UO->getOpcode() == UO_AddrOf)
        if (const VarDecl *V = varOf(UO->getSubExpr()))
          X.Escaped.insert(V);
      return true;
    }
    bool VisitCallExpr(CallExpr *CE) { // passed by non-const reference
      if (const FunctionDecl *F = CE->getDirectCallee())
        for (unsigned I = 0; I < CE->getNumArgs() && I < F->getNumParams(); ++I) {
          QualType T = F->getParamDecl(I)->getType();
          if (T->isReferenceType() && !T.getNonReferenceType().isConstQualified())
            if (const VarDecl *V = varOf(CE->getArg(I)))
              X.Escaped.insert(V);
        }
      return true;
    }
    bool VisitLambdaExpr(LambdaExpr *L) { // assigned in another function's body
      for (const LambdaCapture &C : L->captures())
        if (C.capturesVariable() && C.getCaptureKind() == LCK_ByRef)
          if (const auto *V = dyn_cast<VarDecl>(C.getCapturedVar()))
            X.Escaped.insert(V);
      return true;
    }
  };
  Finder F(*this);
  F.TraverseStmt(FD->getBody());
}

bool FunctionExtractor::tracked(const VarDecl *V) const {
  return V && TestedVars.count(V) && !Escaped.count(V) && !V->hasGlobalStorage() &&
         V->getType()->isScalarType() && !V->getType().isVolatileQualified();
}

std::string FunctionExtractor::resultKey(const CallExpr *CE) const {
  QualType T = CE->getCallReturnType(Ctx);
  if (!T->isScalarType() || T->isFloatingType())
    return "";
  if (auto It = CallResultVar.find(CE); It != CallResultVar.end() && tracked(It->second))
    return condKey(It->second);
  if (TestedCalls.count(CE))
    return "ret@" + std::to_string(SM.getFileOffset(SM.getExpansionLoc(CE->getBeginLoc()))) +
           ":" + std::to_string(SM.getFileOffset(SM.getSpellingLoc(CE->getBeginLoc())));
  return "";
}

std::optional<std::pair<std::string, bool>>
FunctionExtractor::resolveCondVar(const Expr *Cond) const {
  bool Negated = false;
  const Expr *E = stripTruthTest(Cond, Negated, Ctx);
  // `i_ ? (unlock(&m), 0) : (lock(&m), 1)` (xz's mythread_sync): arms of constant,
  // opposite truth make the whole condition a test of i_.
  if (const auto *CO = E ? dyn_cast<ConditionalOperator>(E) : nullptr) {
    auto ArmTruth = [&](const Expr *Arm) {
      Arm = Arm->IgnoreParenImpCasts();
      while (const auto *BO = dyn_cast<BinaryOperator>(Arm))
        if (BO->getOpcode() == BO_Comma)
          Arm = BO->getRHS()->IgnoreParenImpCasts();
        else
          break;
      return constantTruth(Arm);
    };
    std::optional<bool> T = ArmTruth(CO->getTrueExpr()), F = ArmTruth(CO->getFalseExpr());
    if (!T || !F || *T == *F)
      return std::nullopt;
    auto Inner = resolveCondVar(CO->getCond());
    if (!Inner)
      return std::nullopt;
    bool NonzeroWhenTrue = *T ? Inner->second : !Inner->second;
    return std::make_pair(Inner->first, Negated ? !NonzeroWhenTrue : NonzeroWhenTrue);
  }
  if (const auto *BO = E ? dyn_cast<BinaryOperator>(E) : nullptr;
      BO && BO->getOpcode() == BO_Assign) // `if (!(z = find(...)))` tests z
    E = BO->getLHS()->IgnoreParenImpCasts();
  if (const auto *CE = E ? dyn_cast<CallExpr>(E) : nullptr) {
    auto It = KeyedCalls.find(CE);
    if (It == KeyedCalls.end())
      return std::nullopt;
    return std::make_pair(It->second, !Negated);
  }
  const auto *DRE = E ? dyn_cast<DeclRefExpr>(E) : nullptr;
  const auto *V = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
  if (!tracked(V))
    return std::nullopt;
  return std::make_pair(condKey(V), !Negated);
}

std::optional<std::pair<int, bool>> FunctionExtractor::resolveTry(const Expr *Cond) const {
  bool Negated = false; // true: the condition holds when the value is zero / false
  const Expr *E = stripTruthTest(Cond, Negated, Ctx);
  if (!E)
    return std::nullopt;
  if (const auto *BO = dyn_cast<BinaryOperator>(E); BO && BO->getOpcode() == BO_Assign)
    E = BO->getRHS()->IgnoreParenImpCasts(); // `if ((rc = trylock(&m)) == 0)`
  int Id = -1;
  auto Call = TryCalls.find(E);
  if (Call != TryCalls.end())
    Id = Call->second;
  else if (const VarDecl *V = varOf(E)) {
    auto It = TryVars.find(V);
    if (It != TryVars.end())
      Id = It->second;
  }
  if (Id < 0) {
    // A guard built with try_to_lock, asked owns_lock() or tested as a bool.
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(E))
      if (const FunctionDecl *Callee = MCE->getDirectCallee())
        if (const FunctionModel *M = Api.function(qualifiedNameOf(Callee));
            M && M->Effect == ApiEffect::OwnsLock)
          if (const VarDecl *V = varOf(MCE->getImplicitObjectArgument())) {
            auto It = Guards.find(V);
            if (It != Guards.end())
              Id = It->second.TryId;
          }
  }
  if (Id < 0)
    return std::nullopt;
  bool SuccessIsNonZero = !Tries[Id].SuccessIsZero;
  return std::make_pair(Id, Negated ? !SuccessIsNonZero : SuccessIsNonZero);
}

std::optional<FunctionFacts> FunctionExtractor::run() {
  CFG::BuildOptions BO;
  BO.AddImplicitDtors = true;
  BO.AddTemporaryDtors = true;
  BO.AddRichCXXConstructors = true;
  BO.PruneTriviallyFalseEdges = true;
  BO.setAllAlwaysAdd();
  std::unique_ptr<CFG> Cfg = CFG::buildCFG(FD, FD->getBody(), &Ctx, BO);
  if (!Cfg)
    return std::nullopt;

  collectVarUses();
  Accesses.emplace(FD, Paths, [this](const VarDecl *V) { return Escaped.count(V) > 0; });
  FunctionFacts F;
  F.Spins = findSpinLoops(FD, Ctx, Api, *Accesses, Paths,
                          [this](SourceLocation L) { return Files.siteOf(L); });
  HasEvents |= !F.Spins.empty();
  CheckActs = findCheckActs(
      FD, *Accesses, Paths,
      [this](const FunctionDecl *C) { return !SM.isInSystemHeader(C->getLocation()); },
      [this](SourceLocation L) { return Files.siteOf(L); });
  F.CheckActs = std::move(CheckActs.Found);
  HasEvents |= !F.CheckActs.empty();
  F.Usr = Usr;
  F.Name = FD->getQualifiedNameAsString();
  F.Loc = Files.siteOf(FD->getLocation());
  if (!isa<CXXMethodDecl>(FD) || cast<CXXMethodDecl>(FD)->isStatic())
    F.Signature = signatureOf(FD->getType());
  F.ReturnsPointer = FD->getReturnType()->isPointerType();
  if (const auto *MD = dyn_cast<CXXMethodDecl>(FD); MD && MD->isVirtual()) {
    // Every method it overrides, transitively: a call through any of them may land here.
    std::vector<const CXXMethodDecl *> Work(MD->begin_overridden_methods(),
                                            MD->end_overridden_methods());
    std::set<std::string> Seen;
    while (!Work.empty()) {
      const CXXMethodDecl *O = Work.back();
      Work.pop_back();
      if (std::string U = usrOf(O); !U.empty() && Seen.insert(U).second)
        Work.insert(Work.end(), O->begin_overridden_methods(), O->end_overridden_methods());
    }
    F.Overrides.assign(Seen.begin(), Seen.end());
  }
  bool AnyParamTested = false;
  for (const ParmVarDecl *P : FD->parameters()) {
    F.ParamNames.push_back(P->getName().empty() ? "arg" + std::to_string(F.ParamNames.size())
                                                : P->getName().str());
    F.ParamVars.push_back(tracked(P) ? condKey(P) : "");
    AnyParamTested |= !F.ParamVars.back().empty();
  }
  if (!AnyParamTested)
    F.ParamVars.clear();
  F.Blocks.resize(Cfg->getNumBlockIDs());
  F.Entry = Cfg->getEntry().getBlockID();
  F.Exit = Cfg->getExit().getBlockID();
  const CFGBlock *Exit = &Cfg->getExit();

  // Reverse post-order visits a block's definitions (guards, try results) before the
  // blocks that use them, in all but irreducible loops.
  std::vector<const CFGBlock *> Order;
  {
    llvm::DenseSet<const CFGBlock *> Seen;
    std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> Stack;
    Stack.push_back({&Cfg->getEntry(), Cfg->getEntry().succ_begin()});
    Seen.insert(&Cfg->getEntry());
    while (!Stack.empty()) {
      auto &[Blk, It] = Stack.back();
      if (It == Blk->succ_end()) {
        Order.push_back(Blk);
        Stack.pop_back();
        continue;
      }
      const CFGBlock *Next = It->getReachableBlock();
      ++It;
      if (Next && Seen.insert(Next).second)
        Stack.push_back({Next, Next->succ_begin()});
    }
    std::reverse(Order.begin(), Order.end());
  }

  for (const CFGBlock *Blk : Order) {
    Block &B = F.Blocks[Blk->getBlockID()];
    const ReturnStmt *Return = nullptr;
    for (const CFGElement &El : *Blk) {
      if (auto C = El.getAs<CFGConstructor>()) {
        const auto *CE = cast<CXXConstructExpr>(C->getStmt());
        const VarDecl *Var = nullptr;
        if (const auto *VC = dyn_cast_or_null<VariableConstructionContext>(
                C->getConstructionContext()))
          Var = dyn_cast_or_null<VarDecl>(VC->getDeclStmt()->getSingleDecl());
        visitConstruct(CE, Var, B);
      } else if (auto S = El.getAs<CFGStmt>()) {
        if (const auto *R = dyn_cast<ReturnStmt>(S->getStmt()))
          Return = R;
        else if (const auto *CE = dyn_cast<CXXConstructExpr>(S->getStmt()))
          visitConstruct(CE, nullptr, B);
        else
          visitStmt(S->getStmt(), B);
      } else if (auto D = El.getAs<CFGAutomaticObjDtor>()) {
        visitDtor(D->getVarDecl(), D->getTriggerStmt(), B);
      }
    }
    if (const Stmt *T = Blk->getTerminatorStmt())
      if (auto It = CheckActs.BranchProbes.find(T); It != CheckActs.BranchProbes.end())
        probe(It->second, T->getBeginLoc(), B);
    if (const Expr *Value = Return ? Return->getRetValue() : nullptr) {
      // What the caller learns from the result: a constant, or a tested variable.
      if (std::optional<bool> Truth = constantTruth(Value))
        B.ReturnValue = *Truth;
      else if (auto Var = resolveCondVar(Value)) {
        B.ReturnCond = Var->first;
        B.ReturnCondValue = Var->second;
      }
    }
    bool NoReturn = Blk->hasNoReturnElement();
    std::optional<std::pair<int, bool>> Try;
    std::optional<std::pair<std::string, bool>> CondVar;
    if (Blk->succ_size() == 2)
      if (const auto *Cond = dyn_cast_or_null<Expr>(
              const_cast<CFGBlock *>(Blk)->getTerminatorCondition())) {
        Try = resolveTry(Cond);
        if (!Try)
          CondVar = resolveCondVar(Cond);
      }
    unsigned Index = 0;
    for (const CFGBlock::AdjacentBlock &Adj : Blk->succs()) {
      const CFGBlock *Next = Adj.getReachableBlock();
      unsigned ThisIndex = Index++;
      if (!Next)
        continue;
      if (Next == Exit) {
        if (NoReturn)
          continue; // abort(), exit(): not a return path
        B.ReachesExit = true;
        B.ExitSite = Files.siteOf(Return ? Return->getBeginLoc()
                                         : FD->getBody()->getEndLoc());
      }
      Successor S;
      S.Block = Next->getBlockID();
      if (Try) {
        S.TryId = Try->first;
        S.TrySucceeded = ThisIndex == 0 ? Try->second : !Try->second;
      }
      if (CondVar) {
        S.Cond = CondVar->first;
        S.CondValue = ThisIndex == 0 ? CondVar->second : !CondVar->second;
      }
      B.Succs.push_back(S);
    }
  }
  // A function without lock events still matters when it never returns (`die()`
  // calling exit()): its callers' paths end at the call.
  if (!HasEvents && llvm::any_of(F.Blocks, [](const Block &B) { return B.ReachesExit; }))
    return std::nullopt;
  return F;
}

class FunctionCollector : public RecursiveASTVisitor<FunctionCollector> {
public:
  FunctionCollector(ASTContext &Ctx, const ApiModel &Api, FileTable &Files,
                    TranslationUnitFacts &Out)
      : Ctx(Ctx), Api(Api), Files(Files), Out(Out) {}

  bool shouldVisitTemplateInstantiations() const { return true; }

  bool VisitFunctionDecl(FunctionDecl *FD) {
    extract(FD);
    return true;
  }
  bool VisitLambdaExpr(LambdaExpr *LE) {
    extract(LE->getCallOperator());
    return true;
  }
  bool VisitCallExpr(CallExpr *CE) {
    DirectCallees.insert(CE->getCallee()->IgnoreParenImpCasts());
    return true;
  }
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (isa<FunctionDecl>(DRE->getDecl()))
      FunctionRefs.push_back(DRE);
    return true;
  }
  // `{ .eval = crawler_eval }`: a function stored in a field by an initializer.
  bool VisitInitListExpr(InitListExpr *ILE) {
    const InitListExpr *Sem = ILE->isSemanticForm() ? ILE : ILE->getSemanticForm();
    const RecordDecl *RD = Sem ? Sem->getType()->getAsRecordDecl() : nullptr;
    if (!RD || RD->isUnion() || !SeenInits.insert(Sem).second)
      return true;
    unsigned I = 0;
    for (const FieldDecl *Field : RD->fields()) {
      if (I >= Sem->getNumInits())
        break;
      storeInField(Field, Sem->getInit(I++));
    }
    return true;
  }
  // `p->run = work`.
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign)
      if (const auto *ME = dyn_cast<MemberExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *Field = dyn_cast<FieldDecl>(ME->getMemberDecl()))
          storeInField(Field, BO->getRHS());
    return true;
  }

  // References to functions that are not the callee of a direct call, nor stored in a
  // field (those are FieldFunctions).
  void collectAddressTaken() {
    std::set<std::string> Usrs;
    for (const DeclRefExpr *DRE : FunctionRefs)
      if (!DirectCallees.count(DRE) && !FieldStores.count(DRE))
        if (std::string Usr = usrOf(DRE->getDecl()); !Usr.empty())
          Usrs.insert(Usr);
    Out.AddressTaken.assign(Usrs.begin(), Usrs.end());
    llvm::sort(Out.FieldFunctions);
    Out.FieldFunctions.erase(std::unique(Out.FieldFunctions.begin(), Out.FieldFunctions.end()),
                             Out.FieldFunctions.end());
  }

private:
  void storeInField(const FieldDecl *Field, const Expr *Value) {
    if (!Value || !Field->getType()->isFunctionPointerType())
      return;
    const auto *DRE = dyn_cast<DeclRefExpr>(stripAddressOf(Value)->IgnoreParenCasts());
    const auto *Fn = DRE ? dyn_cast<FunctionDecl>(DRE->getDecl()) : nullptr;
    std::string Key = Fn ? fieldKeyOf(Field) : "";
    std::string Usr = Fn ? usrOf(Fn) : "";
    if (Key.empty() || Usr.empty())
      return;
    FieldStores.insert(DRE);
    Out.FieldFunctions.push_back({Key, Usr});
  }

  void extract(const FunctionDecl *FD) {
    if (!FD->doesThisDeclarationHaveABody() || FD->isDependentContext() ||
        FD->isDefaulted() || FD->isDeleted() || FD->isInvalidDecl() ||
        Ctx.getSourceManager().isInSystemHeader(FD->getLocation()) || !Done.insert(FD).second)
      return;
    std::string Usr = usrOf(FD);
    if (Usr.empty())
      return;
    collectRecursiveInits(Ctx, FD, Usr, LockPathBuilder(FD, Usr, Api), Out.RecursiveLocks);
    FunctionExtractor X(Ctx, Api, Files, FD, Usr);
    if (std::optional<FunctionFacts> F = X.run())
      Out.Functions.push_back(std::move(*F));
  }

  ASTContext &Ctx;
  const ApiModel &Api;
  FileTable &Files;
  TranslationUnitFacts &Out;
  llvm::DenseSet<const FunctionDecl *> Done;
  llvm::DenseSet<const Expr *> DirectCallees;
  std::vector<const DeclRefExpr *> FunctionRefs;
  llvm::DenseSet<const DeclRefExpr *> FieldStores;
  llvm::DenseSet<const InitListExpr *> SeenInits;
};

void collectInputs(const SourceManager &SM, TranslationUnitFacts &Out) {
  for (auto It = SM.fileinfo_begin(); It != SM.fileinfo_end(); ++It) {
    std::optional<llvm::MemoryBufferRef> Buf = It->second->getBufferIfLoaded();
    if (!Buf)
      continue;
    llvm::SmallString<256> Path(It->first.getName());
    SM.getFileManager().makeAbsolutePath(Path);
    llvm::sys::path::remove_dots(Path, true);
    Out.Inputs.push_back({std::string(Path), llvm::xxh3_64bits(Buf->getBuffer())});
  }
  std::sort(Out.Inputs.begin(), Out.Inputs.end(),
            [](const InputFile &A, const InputFile &B) { return A.Path < B.Path; });
}

} // namespace

void extractFacts(ASTContext &Ctx, const ApiModel &Api, TranslationUnitFacts &Out) {
  FileTable Files(Ctx.getSourceManager(), Out.Files);
  FunctionCollector Collector(Ctx, Api, Files, Out);
  Collector.TraverseDecl(Ctx.getTranslationUnitDecl());
  Collector.collectAddressTaken();
  llvm::sort(Out.RecursiveLocks);
  Out.RecursiveLocks.erase(std::unique(Out.RecursiveLocks.begin(), Out.RecursiveLocks.end()),
                           Out.RecursiveLocks.end());
  const SourceManager &SM = Ctx.getSourceManager();
  for (uint32_t Index = 0; Index < Files.ids().size(); ++Index) {
    bool Invalid = false;
    llvm::StringRef Text = SM.getBufferData(Files.ids()[Index], &Invalid);
    if (!Invalid)
      parseSuppressionComments(Text, Index, Out.Suppressions);
  }
  collectInputs(Ctx.getSourceManager(), Out);
}

} // namespace lockgraph
