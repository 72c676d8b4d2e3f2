#include "AccessFacts.h"

#include "LockPath.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include "llvm/ADT/StringSet.h"

namespace lockgraph {

using namespace clang;

namespace {

// The lvalue an access designates, without parentheses and no-op casts.
const Expr *lvalueOf(const Expr *E) {
  while (E) {
    E = E->IgnoreParens();
    const auto *Cast = dyn_cast<ImplicitCastExpr>(E);
    if (!Cast || Cast->getCastKind() != CK_NoOp)
      return E;
    E = Cast->getSubExpr();
  }
  return E;
}

// Finds `x = <... x ...>`: the reads of the assigned location on the right-hand side.
struct RmwFinder : RecursiveASTVisitor<RmwFinder> {
  std::function<std::string(const Expr *)> Key;
  llvm::DenseSet<const Stmt *> &Reads, &Assigns;
  RmwFinder(std::function<std::string(const Expr *)> Key, llvm::DenseSet<const Stmt *> &Reads,
            llvm::DenseSet<const Stmt *> &Assigns)
      : Key(std::move(Key)), Reads(Reads), Assigns(Assigns) {}

  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() != BO_Assign)
      return true;
    std::string Target = Key(BO->getLHS());
    if (Target.empty())
      return true;
    struct ReadFinder : RecursiveASTVisitor<ReadFinder> {
      RmwFinder &Outer;
      const std::string &Target;
      bool Found = false;
      ReadFinder(RmwFinder &Outer, const std::string &Target) : Outer(Outer), Target(Target) {}
      bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
        if (C->getCastKind() == CK_LValueToRValue && Outer.Key(C->getSubExpr()) == Target) {
          Outer.Reads.insert(C);
          Found = true;
        }
        return true;
      }
    } Finder(*this, Target);
    Finder.TraverseStmt(BO->getRHS());
    if (Finder.Found)
      Assigns.insert(BO);
    return true;
  }
};

} // namespace

AccessRecorder::AccessRecorder(const FunctionDecl *Fn, const LockPathBuilder &Paths,
                               std::function<bool(const VarDecl *)> Escaped)
    : Fn(Fn), Paths(Paths), Escaped(std::move(Escaped)),
      BuildsThis(isa<CXXConstructorDecl>(Fn) || isa<CXXDestructorDecl>(Fn)) {
  if (!Fn->getBody())
    return;
  RmwFinder Finder(
      [this](const Expr *E) { return shared(lvalueOf(E)) ? locationKey(lvalueOf(E)) : ""; },
      ReadsInRmw, RmwAssigns);
  Finder.TraverseStmt(Fn->getBody());
  findFreshObjects();
}

namespace {

// The object an lvalue is part of, down through members, subscripts and `*`, and how
// many pointers are read on the way (`p->a[i].b`: p, one).
const Expr *rootObject(const Expr *E, unsigned &Derefs) {
  Derefs = 0;
  const Expr *Cur = E;
  while (true) {
    Cur = Cur->IgnoreParenImpCasts();
    if (const auto *ME = dyn_cast<MemberExpr>(Cur)) {
      Derefs += ME->isArrow();
      Cur = ME->getBase();
    } else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(Cur)) {
      Derefs += AS->getBase()->IgnoreParenImpCasts()->getType()->isPointerType();
      Cur = AS->getBase();
    } else if (const auto *UO = dyn_cast<UnaryOperator>(Cur);
               UO && UO->getOpcode() == UO_Deref) {
      ++Derefs;
      Cur = UO->getSubExpr();
    } else {
      return Cur;
    }
  }
}

// Whether E allocates a new object: `new T`, or a call of a function whose name says it
// allocates (malloc, calloc, xmalloc, g_malloc0, apr_palloc).
bool allocates(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (isa<CXXNewExpr>(E))
    return true;
  const auto *CE = dyn_cast<CallExpr>(E);
  const FunctionDecl *Callee = CE ? CE->getDirectCallee() : nullptr;
  return Callee && Callee->getIdentifier() &&
         Callee->getName().contains_insensitive("alloc") &&
         !Callee->getName().contains_insensitive("free");
}

struct FreshUses : RecursiveASTVisitor<FreshUses> {
  llvm::DenseMap<const VarDecl *, unsigned> &Until;
  explicit FreshUses(llvm::DenseMap<const VarDecl *, unsigned> &Until) : Until(Until) {}
  // Uses that only reach through the pointer or test it leave it in this function.
  llvm::DenseSet<const Expr *> Harmless;
  void harmless(const Expr *E) {
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E->IgnoreParenImpCasts()))
      Harmless.insert(DRE);
  }
  bool VisitMemberExpr(MemberExpr *ME) {
    if (ME->isArrow())
      harmless(ME->getBase());
    return true;
  }
  bool VisitArraySubscriptExpr(ArraySubscriptExpr *AS) {
    harmless(AS->getBase());
    return true;
  }
  // `q->next = &p->link` hands out the object as surely as `p` does; `&p->mutex` as
  // an argument (an init call) does not.
  llvm::DenseSet<const Expr *> Escaping;
  static const Expr *rootOf(const Expr *E) {
    const Expr *Cur = E->IgnoreParenCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(Cur); UO && UO->getOpcode() == UO_AddrOf)
      Cur = UO->getSubExpr();
    unsigned Derefs;
    return rootObject(Cur, Derefs);
  }
  // An address stored somewhere other than the object itself (`e->free = &e->pages[0]`
  // stays inside it); a number read out of it (`n += e->size`) hands nothing out.
  void stored(const Expr *Target, const Expr *Value) {
    if (!Value->getType()->isPointerType())
      return;
    const Expr *Root = rootOf(Value);
    if (const auto *A = dyn_cast<DeclRefExpr>(Root), *B = dyn_cast<DeclRefExpr>(rootOf(Target));
        A && B && A->getDecl() == B->getDecl())
      return;
    Escaping.insert(Root);
  }
  bool VisitUnaryOperator(UnaryOperator *UO) {
    if (UO->getOpcode() == UO_Deref || UO->getOpcode() == UO_LNot)
      harmless(UO->getSubExpr());
    return true;
  }
  // Freeing it on an error path hands nothing out.
  bool VisitCallExpr(CallExpr *CE) {
    if (const FunctionDecl *Callee = CE->getDirectCallee();
        Callee && Callee->getIdentifier() && Callee->getName().contains_insensitive("free"))
      for (const Expr *Arg : CE->arguments())
        harmless(Arg);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->isEqualityOp()) {
      harmless(BO->getLHS());
      harmless(BO->getRHS());
    } else if (BO->isAssignmentOp()) {
      stored(BO->getLHS(), BO->getRHS());
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()))
          Until.erase(V); // assigned again: which object it holds depends on the path
    }
    return true;
  }
  bool VisitIfStmt(IfStmt *S) {
    if (S->getCond())
      harmless(S->getCond());
    return true;
  }
  std::vector<const DeclRefExpr *> Uses;
  bool VisitDeclRefExpr(DeclRefExpr *DRE) {
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && Until.count(V))
      Uses.push_back(DRE);
    return true;
  }
};

} // namespace

void AccessRecorder::findFreshObjects() {
  if (!Fn->getBody())
    return;
  const SourceManager &SM = Fn->getASTContext().getSourceManager();
  // Candidates: local pointers initialized with an allocation, never assigned again.
  struct Decls : RecursiveASTVisitor<Decls> {
    llvm::DenseMap<const VarDecl *, unsigned> &Until;
    explicit Decls(llvm::DenseMap<const VarDecl *, unsigned> &Until) : Until(Until) {}
    bool VisitVarDecl(VarDecl *V) {
      if (V->isLocalVarDecl() && V->getType()->isPointerType() && V->getInit() &&
          allocates(V->getInit()))
        Until[V] = ~0u;
      return true;
    }
  } D(FreshUntil);
  D.TraverseStmt(Fn->getBody());
  if (FreshUntil.empty())
    return;
  FreshUses U(FreshUntil);
  U.TraverseStmt(Fn->getBody());
  for (const DeclRefExpr *DRE : U.Uses) {
    const auto *V = cast<VarDecl>(DRE->getDecl());
    auto It = FreshUntil.find(V);
    if (It == FreshUntil.end() || (U.Harmless.count(DRE) && !U.Escaping.count(DRE)))
      continue;
    unsigned Offset = SM.getFileOffset(SM.getExpansionLoc(DRE->getBeginLoc()));
    It->second = std::min(It->second, Offset);
  }
}

std::string AccessRecorder::locationKey(const Expr *LValue) const {
  LockRef L = Paths.lockOf(LValue);
  return L.Path;
}

bool AccessRecorder::shared(const Expr *E) const {
  if (!E || !E->isGLValue())
    return false;
  // Constness of the declared object, not of the expression: a const method reads
  // the members of an object others may write.
  QualType T = E->getType();
  if (T->isAtomicType() || T->isReferenceType())
    return false;
  if (const auto *ME = dyn_cast<MemberExpr>(E->IgnoreParenImpCasts()))
    if (const auto *FD = dyn_cast<FieldDecl>(ME->getMemberDecl());
        FD && FD->getType().isConstQualified())
      return false;
  return sharedStorage(E);
}

bool AccessRecorder::sharedStorage(const Expr *E) const {
  if (!E || !E->isGLValue())
    return false;
  // Down to the root object; a pointer read on the way means the data lives elsewhere
  // (the heap, a caller's object): shared, whatever the pointer itself is.
  unsigned Derefs;
  const Expr *Cur = rootObject(E, Derefs);
  bool Deref = Derefs > 0;
  if (isa<CXXThisExpr>(Cur))
    return !BuildsThis;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Cur)) {
    const auto *V = dyn_cast<VarDecl>(DRE->getDecl());
    if (!V)
      return false; // a function, an enumerator
    if (V->getTLSKind() != VarDecl::TLS_None)
      return false;
    if (V->getType().isConstQualified() && !Deref)
      return false; // the const object itself; through a pointer it is someone else's
    if (V->hasGlobalStorage())
      return true;
    if (auto It = FreshUntil.find(V); It != FreshUntil.end() && Derefs == 1) {
      const SourceManager &SM = Fn->getASTContext().getSourceManager();
      if (SM.getFileOffset(SM.getExpansionLoc(E->getBeginLoc())) < It->second)
        return false; // the object this function allocated, not handed out yet
    }
    // A local or parameter: its own storage is private unless its address escapes; what
    // a local pointer points to is not.
    if (V->getType()->isReferenceType())
      return true; // a reference parameter names the caller's object
    return Deref || Escaped(V);
  }
  return Deref; // a call's result, a compound literal: shared only through a pointer
}

std::optional<AccessRecorder::Access> AccessRecorder::accessOf(const Stmt *S) const {
  auto Make = [&](AccessKind K, const Expr *L) -> std::optional<Access> {
    L = lvalueOf(L);
    if (!shared(L))
      return std::nullopt;
    return Access{K, L};
  };
  if (const auto *UO = dyn_cast<UnaryOperator>(S)) {
    if (UO->isIncrementDecrementOp())
      return Make(AccessKind::ReadModifyWrite, UO->getSubExpr());
    return std::nullopt;
  }
  if (const auto *CA = dyn_cast<CompoundAssignOperator>(S))
    return Make(AccessKind::ReadModifyWrite, CA->getLHS());
  if (const auto *BO = dyn_cast<BinaryOperator>(S)) {
    if (BO->getOpcode() != BO_Assign)
      return std::nullopt;
    return Make(RmwAssigns.count(BO) ? AccessKind::ReadModifyWrite : AccessKind::Write,
                BO->getLHS());
  }
  if (const auto *C = dyn_cast<ImplicitCastExpr>(S)) {
    if (C->getCastKind() != CK_LValueToRValue || ReadsInRmw.count(C))
      return std::nullopt;
    return Make(AccessKind::Read, C->getSubExpr());
  }
  return std::nullopt;
}

std::optional<AccessRecorder::Access>
AccessRecorder::containerAccessOf(const CallExpr *CE) const {
  static const llvm::StringSet<> Containers = {
      "vector", "deque", "list", "forward_list", "map", "multimap", "set", "multiset",
      "unordered_map", "unordered_multimap", "unordered_set", "unordered_multiset",
      "basic_string", "queue", "priority_queue", "stack", "array", "bitset"};
  const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE);
  const CXXMethodDecl *MD = MCE ? MCE->getMethodDecl() : nullptr;
  if (!MD || isa<CXXConversionDecl>(MD) || !MD->getParent()->isInStdNamespace() ||
      !Containers.count(MD->getParent()->getName()))
    return std::nullopt;
  const Expr *Object = lvalueOf(MCE->getImplicitObjectArgument());
  if (!shared(Object))
    return std::nullopt;
  return Access{MD->isConst() ? AccessKind::Read : AccessKind::Write, Object};
}

void appendAccess(BlockFacts &B, Event E) {
  // Back to the last event that can change the lockset (flag assignments cannot).
  for (auto It = B.Events.rbegin(); It != B.Events.rend(); ++It) {
    if (It->Kind == EventKind::Havoc || It->Kind == EventKind::Assign)
      continue;
    if (It->Kind != EventKind::Access)
      break;
    if (It->Access == E.Access && It->Location.Path == E.Location.Path)
      return;
  }
  // Messages name only the location a read-modify-write updates: other accesses need
  // no spelling (a third of an access event's size).
  if (E.Access != AccessKind::ReadModifyWrite)
    E.Location.Spelling.clear();
  B.Events.push_back(std::move(E));
}

} // namespace lockgraph
