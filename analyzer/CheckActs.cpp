#include "CheckActs.h"

#include "AccessFacts.h"
#include "LockPath.h"

#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"

#include "llvm/ADT/SetVector.h"

#include <set>

namespace lockgraph {

using namespace clang;

namespace {

constexpr size_t MaxUpdatesPerBranch = 8;

// What an expression's value comes from: shared lvalues read, calls made, and locals
// read (followed to their own sources only when a branch is judged, once each: a
// loop's `x = x + y` must not copy x's sources into x again and again).
struct Sources {
  llvm::SetVector<const Expr *> Reads; // lvalues
  llvm::SetVector<const CallExpr *> Calls;
  llvm::SetVector<const VarDecl *> Locals;
};

class CheckActFinder : public RecursiveASTVisitor<CheckActFinder> {
public:
  CheckActFinder(const AccessRecorder &Accesses, const LockPathBuilder &Paths,
                 const std::function<bool(const FunctionDecl *)> &UserCode,
                 const std::function<Site(SourceLocation)> &SiteOf)
      : Accesses(Accesses), Paths(Paths), UserCode(UserCode), SiteOf(SiteOf) {}

  CheckActCandidates Out;

  bool TraverseLambdaExpr(LambdaExpr *) { return true; } // its own function

  // Locals assigned from shared data or from calls: `int b = a->balance;`. A value
  // taken out of shared data by an expression that also changes it (lbzip2's
  // `iblk = dequeue(coll_q)`, `--size` inside) is the thread's own: testing it later
  // tests nothing shared.
  bool VisitVarDecl(VarDecl *V) {
    if (V->hasLocalStorage() && V->getInit() && !takes(V->getInit()))
      collect(V->getInit(), LocalSources[V]);
    return true;
  }
  bool VisitBinaryOperator(BinaryOperator *BO) {
    if (BO->getOpcode() == BO_Assign && !takes(BO->getRHS()))
      if (const auto *DRE = dyn_cast<DeclRefExpr>(BO->getLHS()->IgnoreParenImpCasts()))
        if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasLocalStorage())
          collect(BO->getRHS(), LocalSources[V]);
    return true;
  }

  // Whether E writes shared data itself.
  bool takes(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *UO = dyn_cast<UnaryOperator>(E);
        UO && UO->isIncrementDecrementOp() && Accesses.shared(UO->getSubExpr()->IgnoreParens()))
      return true;
    if (const auto *BO = dyn_cast<BinaryOperator>(E);
        BO && BO->isAssignmentOp() && Accesses.shared(BO->getLHS()->IgnoreParens()))
      return true;
    if (isa<LambdaExpr>(E))
      return false; // a call's arguments count (`down_heap(q.root, --q.size)`), not
                    // what the callee changes: that is the link step's business
    for (const Stmt *Child : E->children())
      if (const auto *CE = dyn_cast_or_null<Expr>(Child); CE && takes(CE))
        return true;
    return false;
  }
  bool VisitIfStmt(IfStmt *If) {
    Ifs.push_back(If);
    return true;
  }
  // `if (a->balance < n) return -1;` controls the statements after it as well.
  bool VisitCompoundStmt(CompoundStmt *CS) {
    for (auto It = CS->body_begin(); It != CS->body_end(); ++It)
      if (const auto *If = dyn_cast<IfStmt>(*It); If && !If->getElse() && alwaysJumpsOut(If->getThen(), /*Continue=*/true))
        Following[If].assign(std::next(It), CS->body_end());
    return true;
  }

  void finish() {
    for (const IfStmt *If : Ifs)
      branch(If);
  }

private:
  // Shared reads, user calls and locals read in E.
  void collect(const Expr *E, Sources &S) {
    struct Walker : RecursiveASTVisitor<Walker> {
      CheckActFinder &F;
      Sources &S;
      Walker(CheckActFinder &F, Sources &S) : F(F), S(S) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      // `iblk->left` tests the field, not the local pointer that reaches it: where
      // `iblk` came from (lbzip2's `iblk = dequeue(coll_q)`) is not what is tested.
      bool TraverseMemberExpr(MemberExpr *ME) {
        if (ME->isArrow())
          if (const auto *DRE = dyn_cast<DeclRefExpr>(ME->getBase()->IgnoreParenImpCasts()))
            if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasLocalStorage())
              return true;
        return RecursiveASTVisitor::TraverseMemberExpr(ME);
      }
      bool VisitImplicitCastExpr(ImplicitCastExpr *C) {
        if (C->getCastKind() != CK_LValueToRValue)
          return true;
        const Expr *L = C->getSubExpr()->IgnoreParens();
        if (F.Accesses.shared(L)) {
          S.Reads.insert(L);
        } else if (const auto *DRE = dyn_cast<DeclRefExpr>(L)) {
          if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasLocalStorage())
            S.Locals.insert(V);
        }
        return true;
      }
      // A call's result is the callee's: a getter's, a container's, or unknown. What
      // its arguments read (`w->c->read(w->c, ...)`) is not what the result tests.
      bool TraverseCallExpr(CallExpr *CE) { return visitCall(CE); }
      bool TraverseCXXMemberCallExpr(CXXMemberCallExpr *CE) { return visitCall(CE); }
      bool visitCall(CallExpr *CE) {
        const FunctionDecl *Callee = CE->getDirectCallee();
        if (Callee && F.UserCode(Callee) && !Callee->getReturnType()->isVoidType())
          S.Calls.insert(CE);
        else if (const Expr *Object = F.libraryObject(CE, /*Mutating=*/false))
          S.Reads.insert(Object); // `items_.empty()`: a read of the container
        return true;
      }
    };
    Walker W(*this, S);
    W.TraverseStmt(const_cast<Expr *>(E));
  }

  // The container a standard container method reads (a const method) or, with
  // Mutating, writes; else null.
  const Expr *libraryObject(const CallExpr *CE, bool Mutating) const {
    std::optional<AccessRecorder::Access> A = Accesses.containerAccessOf(CE);
    if (!A || (A->Kind != AccessKind::Read) != Mutating)
      return nullptr;
    return A->Location;
  }

  // The object a call works on: its `this`, else its first argument.
  std::string objectOf(const CallExpr *CE) const {
    if (const auto *MCE = dyn_cast<CXXMemberCallExpr>(CE))
      return Paths.pathOf(MCE->getImplicitObjectArgument());
    for (const Expr *A : CE->arguments())
      if (A->getType()->isPointerType() || A->getType()->isReferenceType() ||
          A->getType()->isRecordType())
        if (std::string P = Paths.pathOf(A->IgnoreParenImpCasts()); !P.empty())
          return P;
    return "";
  }

  // The object holding a shared lvalue: `a` of `a->balance`.
  std::string holderOf(const Expr *L) const {
    if (const auto *ME = dyn_cast<MemberExpr>(L->IgnoreParenImpCasts()))
      return Paths.pathOf(ME->getBase());
    return "";
  }

  void branch(const IfStmt *If) {
    if (If->getConditionVariable())
      return;
    Sources Tested;
    collect(If->getCond(), Tested);
    // Locals to what they were set from, each once.
    for (size_t I = 0; I < Tested.Locals.size(); ++I) {
      auto It = LocalSources.find(Tested.Locals[I]);
      if (It == LocalSources.end())
        continue;
      Tested.Reads.insert(It->second.Reads.begin(), It->second.Reads.end());
      Tested.Calls.insert(It->second.Calls.begin(), It->second.Calls.end());
      Tested.Locals.insert(It->second.Locals.begin(), It->second.Locals.end());
    }
    if (Tested.Reads.empty() && Tested.Calls.empty())
      return;
    CheckAct CA;
    CA.At = SiteOf(If->getBeginLoc());
    std::set<std::string> ReadPaths, Objects, Getters;
    for (const Expr *L : Tested.Reads) {
      LockRef R = Paths.locationOf(L);
      if (R.Path.empty() || !ReadPaths.insert(R.Path).second)
        continue;
      R.Spelling = Paths.spellingOf(L);
      CA.Reads.push_back(std::move(R));
      if (std::string H = holderOf(L); !H.empty())
        Objects.insert(H);
    }
    for (const CallExpr *CE : Tested.Calls) {
      if (std::string U = usrOf(CE->getDirectCallee()); !U.empty() && Getters.insert(U).second)
        CA.Getters.push_back(U);
      if (std::string O = objectOf(CE); !O.empty())
        Objects.insert(O);
    }
    std::vector<std::pair<const Stmt *, CheckActUpdate>> Updates;
    for (const Stmt *Arm : {If->getThen(), If->getElse()})
      if (Arm)
        updatesIn(Arm, ReadPaths, Getters, Objects, Updates);
    // After an early exit the rest of the block is the arm; a statement there that
    // re-tests the data re-checks it for what follows (see TraverseCompoundStmt).
    if (auto It = Following.find(If); It != Following.end())
      for (const Stmt *S : It->second) {
        if (retestsData(S, ReadPaths, Getters, Objects))
          break;
        updatesIn(S, ReadPaths, Getters, Objects, Updates);
      }
    if (Updates.empty())
      return;
    CA.Probe = NextProbe++;
    Out.BranchProbes[If].push_back(CA.Probe);
    for (auto &[S, U] : Updates) {
      U.Probe = NextProbe++;
      Out.ActProbes[S].push_back(U.Probe);
      CA.Updates.push_back(std::move(U));
    }
    Out.Found.push_back(std::move(CA));
  }

  // Whether S is an if or a loop whose condition tests the data again: the same
  // location, other data of the same object, or the same getter.
  bool retestsData(const Stmt *S, const std::set<std::string> &ReadPaths,
                   const std::set<std::string> &Getters, const std::set<std::string> &Objects) {
    const Expr *Cond = nullptr;
    if (const auto *If = dyn_cast<IfStmt>(S))
      Cond = If->getCond();
    else if (const auto *W = dyn_cast<WhileStmt>(S))
      Cond = W->getCond();
    else if (const auto *For = dyn_cast<ForStmt>(S))
      Cond = For->getCond();
    else if (const auto *Do = dyn_cast<DoStmt>(S))
      Cond = Do->getCond();
    if (!Cond)
      return false;
    Sources Src;
    collect(Cond, Src);
    for (const Expr *L : Src.Reads)
      if (ReadPaths.count(Paths.locationOf(L).Path) || Objects.count(holderOf(L)))
        return true;
    for (const CallExpr *CE : Src.Calls)
      if (Getters.count(usrOf(CE->getDirectCallee())))
        return true;
    return false;
  }

  // Writes of shared data and calls on a tested object, not under a nested test of
  // what was tested (a re-check).
  void updatesIn(const Stmt *Arm, const std::set<std::string> &ReadPaths,
                 const std::set<std::string> &Getters, const std::set<std::string> &Objects,
                 std::vector<std::pair<const Stmt *, CheckActUpdate>> &Updates) {
    struct Walker : RecursiveASTVisitor<Walker> {
      CheckActFinder &F;
      const std::set<std::string> &ReadPaths, &Getters, &Objects;
      std::vector<std::pair<const Stmt *, CheckActUpdate>> &Updates;
      Walker(CheckActFinder &F, const std::set<std::string> &ReadPaths,
             const std::set<std::string> &Getters, const std::set<std::string> &Objects,
             std::vector<std::pair<const Stmt *, CheckActUpdate>> &Updates)
          : F(F), ReadPaths(ReadPaths), Getters(Getters), Objects(Objects), Updates(Updates) {}
      bool TraverseLambdaExpr(LambdaExpr *) { return true; }
      // A nested test of the same data, of other data of the same object, or of the
      // same getter: what it controls was checked again (double-checked locking;
      // memcached's evictor picks a page by version, then re-tests `p->closed` under
      // the page's lock).
      bool retests(const Stmt *S) { return F.retestsData(S, ReadPaths, Getters, Objects); }
      bool TraverseIfStmt(IfStmt *If) {
        return retests(If) || RecursiveASTVisitor::TraverseIfStmt(If);
      }
      bool TraverseWhileStmt(WhileStmt *W) {
        return retests(W) || RecursiveASTVisitor::TraverseWhileStmt(W);
      }
      // A statement that re-tests the data (`for (i = 0; i < log->deferred; i++)` under
      // the lock) re-checks it for what follows in the same block too: the update after
      // it acts on what was read again (fio's iolog_free_deferred).
      bool TraverseCompoundStmt(CompoundStmt *Block) {
        for (Stmt *Child : Block->body()) {
          if (retests(Child))
            return true;
          if (!TraverseStmt(Child))
            return false;
        }
        return true;
      }
      void write(const Stmt *S, const Expr *LHS) {
        const Expr *L = LHS->IgnoreParens();
        if (Updates.size() >= MaxUpdatesPerBranch || !F.Accesses.shared(L))
          return;
        CheckActUpdate U;
        U.At = F.SiteOf(S->getBeginLoc());
        U.Location = F.Paths.locationOf(L);
        if (U.Location.Path.empty())
          return;
        U.Location.Spelling = F.Paths.spellingOf(L);
        Updates.push_back({S, std::move(U)});
      }
      bool VisitUnaryOperator(UnaryOperator *UO) {
        if (UO->isIncrementDecrementOp())
          write(UO, UO->getSubExpr());
        return true;
      }
      bool VisitBinaryOperator(BinaryOperator *BO) {
        if (BO->isAssignmentOp())
          write(BO, BO->getLHS());
        return true;
      }
      bool VisitCallExpr(CallExpr *CE) {
        const FunctionDecl *Callee = CE->getDirectCallee();
        if (const Expr *Object = F.libraryObject(CE, /*Mutating=*/true)) {
          write(CE, Object); // `items_.push_back(x)`: a write of the container
          return true;
        }
        if (Updates.size() >= MaxUpdatesPerBranch || !Callee || !F.UserCode(Callee) ||
            Getters.count(usrOf(Callee)))
          return true;
        std::string Object = F.objectOf(CE);
        if (Object.empty() || !Objects.count(Object))
          return true;
        CheckActUpdate U;
        U.At = F.SiteOf(CE->getBeginLoc());
        U.Setter = usrOf(Callee);
        U.SetterName = Callee->getQualifiedNameAsString();
        Updates.push_back({CE, std::move(U)});
        return true;
      }
    } W(*this, ReadPaths, Getters, Objects, Updates);
    W.TraverseStmt(const_cast<Stmt *>(Arm));
  }

  const AccessRecorder &Accesses;
  const LockPathBuilder &Paths;
  const std::function<bool(const FunctionDecl *)> &UserCode;
  const std::function<Site(SourceLocation)> &SiteOf;
  llvm::DenseMap<const VarDecl *, Sources> LocalSources;
  std::vector<const IfStmt *> Ifs;
  llvm::DenseMap<const IfStmt *, std::vector<const Stmt *>> Following;
  uint32_t NextProbe = 0;
};

} // namespace

CheckActCandidates findCheckActs(const FunctionDecl *Fn, const AccessRecorder &Accesses,
                                 const LockPathBuilder &Paths,
                                 const std::function<bool(const FunctionDecl *)> &UserCode,
                                 const std::function<Site(SourceLocation)> &SiteOf) {
  if (!Fn->getBody())
    return CheckActCandidates();
  CheckActFinder Finder(Accesses, Paths, UserCode, SiteOf);
  Finder.TraverseStmt(Fn->getBody());
  Finder.finish();
  return std::move(Finder.Out);
}

} // namespace lockgraph
