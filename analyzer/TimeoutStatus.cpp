#include "TimeoutStatus.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/Stmt.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"

#include <optional>

using namespace clang;

namespace lockgraph {

bool isTimedWaitName(llvm::StringRef Name) {
  return Name.contains_insensitive("timed") || Name.ends_with("_for") ||
         Name.ends_with("_until");
}

namespace {

bool namesTimeout(llvm::StringRef Name) {
  return Name.contains_insensitive("timedout") || Name.contains_insensitive("timeout") ||
         Name.contains_insensitive("timeup");
}

class StatusUses {
public:
  StatusUses(const CallExpr *Wait, const VarDecl *Var, ASTContext &Ctx)
      : Wait(Wait), Var(Var), Ctx(Ctx) {}

  bool tellsApart(const Stmt *Body) {
    Timeout = namedTimeout(Body);
    visit(Body);
    return Tells;
  }

private:
  bool isStatus(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (E == Wait)
      return true;
    const auto *DRE = dyn_cast<DeclRefExpr>(E);
    return Var && DRE && DRE->getDecl() == Var;
  }

  bool mentions(const Stmt *S) const {
    if (!S)
      return false;
    if (const auto *E = dyn_cast<Expr>(S); E && isStatus(E))
      return true;
    for (const Stmt *Child : S->children())
      if (mentions(Child))
        return true;
    return false;
  }

  // The macros a constant is spelled through (`ETIMEDOUT`, `APR_TIMEUP` around
  // `APR_OS_START_STATUS + 7`) or the enumerator it names.
  bool spelledAsTimeout(const Expr *E) const {
    E = E->IgnoreParenImpCasts();
    if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
      if (isa<EnumConstantDecl>(DRE->getDecl()))
        return namesTimeout(DRE->getDecl()->getName());
    const SourceManager &SM = Ctx.getSourceManager();
    for (SourceLocation L = E->getBeginLoc(); L.isMacroID();
         L = SM.getImmediateMacroCallerLoc(L))
      if (namesTimeout(Lexer::getImmediateMacroName(L, SM, Ctx.getLangOpts())))
        return true;
    return false;
  }

  // The non-zero time-out constant the status is compared with, if the code names one.
  std::optional<int64_t> namedTimeout(const Stmt *Body) {
    struct Finder : RecursiveASTVisitor<Finder> {
      StatusUses &U;
      std::optional<int64_t> Found;
      explicit Finder(StatusUses &U) : U(U) {}
      bool VisitBinaryOperator(BinaryOperator *BO) {
        if (!BO->isComparisonOp())
          return true;
        for (auto [Status, Other] : {std::pair{BO->getLHS(), BO->getRHS()},
                                     std::pair{BO->getRHS(), BO->getLHS()}})
          if (U.mentions(Status) && !U.mentions(Other) && U.spelledAsTimeout(Other))
            if (auto V = U.constant(Other); V && *V != 0)
              Found = V;
        return true;
      }
    } F(*this);
    F.TraverseStmt(const_cast<Stmt *>(Body));
    return F.Found;
  }

  std::optional<int64_t> constant(const Expr *E) const {
    Expr::EvalResult R;
    if (E->isValueDependent() || !E->EvaluateAsInt(R, Ctx))
      return std::nullopt;
    return R.Val.getInt().getExtValue();
  }

  // E's value when the status is V, if only constants and the status decide it.
  std::optional<int64_t> eval(const Expr *E, int64_t V) const {
    E = E->IgnoreParenImpCasts();
    if (isStatus(E))
      return V;
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      auto X = eval(UO->getSubExpr(), V);
      if (!X)
        return std::nullopt;
      if (UO->getOpcode() == UO_LNot)
        return *X == 0;
      if (UO->getOpcode() == UO_Minus)
        return -*X;
      return std::nullopt;
    }
    const auto *BO = dyn_cast<BinaryOperator>(E);
    if (!BO)
      return mentions(E) ? std::nullopt : constant(E);
    BinaryOperatorKind Op = BO->getOpcode();
    if (Op == BO_Assign || Op == BO_Comma) // `(err = wait(...)) != 0`
      return eval(BO->getRHS(), V);
    auto L = eval(BO->getLHS(), V);
    if (!L)
      return std::nullopt;
    if (Op == BO_LAnd && *L == 0)
      return 0;
    if (Op == BO_LOr && *L != 0)
      return 1;
    auto R = eval(BO->getRHS(), V);
    if (!R)
      return std::nullopt;
    switch (Op) {
    case BO_LAnd:
    case BO_LOr:
      return *R != 0;
    case BO_EQ:
      return *L == *R;
    case BO_NE:
      return *L != *R;
    case BO_LT:
      return *L < *R;
    case BO_GT:
      return *L > *R;
    case BO_LE:
      return *L <= *R;
    case BO_GE:
      return *L >= *R;
    case BO_And:
      return *L & *R;
    case BO_Or:
      return *L | *R;
    default:
      return std::nullopt;
    }
  }

  // Follows what a wake-up (0) or a time-out reaches; a branch both skip is not visited.
  void visit(const Stmt *S) {
    if (!S || Tells || isa<LambdaExpr>(S))
      return;
    if (const auto *I = dyn_cast<IfStmt>(S); I && mentions(I->getCond())) {
      visit(I->getInit());
      if (!Timeout) { // a test that does not name the time-out: `if (err)`, `if (!rc)`
        Tells = true;
        return;
      }
      auto OnWakeup = eval(I->getCond(), 0), OnTimeout = eval(I->getCond(), *Timeout);
      if (!OnWakeup || !OnTimeout || (*OnWakeup != 0) != (*OnTimeout != 0)) {
        Tells = true;
        return;
      }
      visit(*OnWakeup ? I->getThen() : I->getElse());
      return;
    }
    if (const auto *BO = dyn_cast<BinaryOperator>(S);
        BO && BO->getOpcode() == BO_Assign && Var && isStatus(BO->getLHS())) {
      visit(BO->getRHS()); // storing the status is no use of it
      return;
    }
    if (const auto *Call = dyn_cast<CallExpr>(S); Call && Call != Wait) {
      // Handing the status to a call (a log line, a test's assertion) decides nothing
      // here: what this function does next is the same for both.
      for (const Stmt *Child : Call->children())
        if (const auto *Arg = dyn_cast<Expr>(Child); !Arg || !isStatus(Arg))
          visit(Child);
      return;
    }
    if (const auto *E = dyn_cast<Expr>(S); E && isStatus(E)) {
      // The wait itself where its result goes into Var is no use; anything else is.
      if (E->IgnoreParenImpCasts() != Wait || !Var)
        Tells = true;
      return;
    }
    for (const Stmt *Child : S->children())
      visit(Child);
  }

  const CallExpr *Wait;
  const VarDecl *Var;
  ASTContext &Ctx;
  std::optional<int64_t> Timeout;
  bool Tells = false;
};

} // namespace

bool statusTellsTimeoutApart(const CallExpr *Wait, const VarDecl *Var,
                             const FunctionDecl *FD, ASTContext &Ctx) {
  if (!FD || !FD->getBody())
    return true;
  return StatusUses(Wait, Var, Ctx).tellsApart(FD->getBody());
}

} // namespace lockgraph
