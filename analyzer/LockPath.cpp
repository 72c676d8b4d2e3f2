#include "LockPath.h"

#include "ApiModel.h"

#include "clang/AST/Attr.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/PrettyPrinter.h"
#include "clang/AST/Type.h"
#include "clang/Index/USRGeneration.h"
#include "clang/Basic/SourceManager.h"
#include "clang/Lex/Lexer.h"
#include "llvm/Support/Path.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/raw_ostream.h"

using namespace clang;

namespace lockgraph {

std::string fieldKeyOf(const FieldDecl *F) {
  const RecordDecl *RD = F->getParent();
  std::string Record;
  if (RD->getIdentifier())
    Record = qualifiedNameOf(RD);
  else if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
    Record = qualifiedNameOf(TD);
  if (Record.empty() || !F->getIdentifier())
    return "";
  return Record + "::" + F->getName().str();
}

std::string qualifiedNameOf(const NamedDecl *D) {
  llvm::SmallVector<std::string, 4> Parts;
  std::string Own = D->getDeclName().getAsString();
  if (const auto *Conv = dyn_cast<CXXConversionDecl>(D))
    if (Conv->getConversionType()->isBooleanType())
      Own = "operator bool";
  Parts.push_back(Own);
  for (const DeclContext *DC = D->getDeclContext(); DC; DC = DC->getParent()) {
    if (const auto *NS = dyn_cast<NamespaceDecl>(DC)) {
      if (NS->isInline() || NS->isAnonymousNamespace())
        continue;
      Parts.push_back(NS->getName().str());
    } else if (const auto *RD = dyn_cast<RecordDecl>(DC)) {
      if (RD->getIdentifier())
        Parts.push_back(RD->getName().str());
    } else if (const auto *FD = dyn_cast<FunctionDecl>(DC)) {
      Parts.push_back(FD->getNameAsString());
    }
  }
  std::string Out;
  for (auto It = Parts.rbegin(); It != Parts.rend(); ++It) {
    if (!Out.empty())
      Out += "::";
    Out += *It;
  }
  return Out;
}

std::string usrOf(const Decl *D) {
  llvm::SmallString<128> Buf;
  if (index::generateUSRForDecl(D, Buf))
    return "";
  return std::string(Buf);
}

const Expr *stripAddressOf(const Expr *E) {
  E = E->IgnoreParenCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenCasts();
  return E;
}

bool alwaysJumpsOut(const Stmt *S, bool Continue) {
  if (const auto *CS = dyn_cast<CompoundStmt>(S))
    return !CS->body_empty() && alwaysJumpsOut(CS->body_back(), Continue);
  return isa<BreakStmt>(S) || isa<ReturnStmt>(S) || isa<GotoStmt>(S) ||
         (Continue && isa<ContinueStmt>(S));
}

const VarDecl *varOf(const Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *UO = dyn_cast<UnaryOperator>(E))
    if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref)
      E = UO->getSubExpr()->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    return dyn_cast<VarDecl>(DRE->getDecl());
  return nullptr;
}

// Parentheses and casts between pointer types (`(pthread_mutex_t *)arg` in a cleanup
// handler that takes a void *) do not change which object a pointer designates.
static const Expr *ignorePointerCasts(const Expr *E) {
  while (true) {
    E = E->IgnoreParenImpCasts();
    const auto *C = dyn_cast<ExplicitCastExpr>(E);
    if (!C || !C->getType()->isPointerType() || !C->getSubExpr()->getType()->isPointerType())
      return E;
    E = C->getSubExpr();
  }
}

// Strips what does not change which object an expression designates.
static const Expr *stripObject(const Expr *E) {
  while (true) {
    E = ignorePointerCasts(E);
    if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
      if (UO->getOpcode() == UO_AddrOf || UO->getOpcode() == UO_Deref) {
        E = UO->getSubExpr();
        continue;
      }
    } else if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E)) {
      E = MT->getSubExpr();
      continue;
    } else if (const auto *OC = dyn_cast<CXXOperatorCallExpr>(E)) {
      // Smart pointers: `p->m` on a unique_ptr goes through operator-> / operator*.
      OverloadedOperatorKind K = OC->getOperator();
      if ((K == OO_Arrow || K == OO_Star) && OC->getNumArgs() >= 1) {
        E = OC->getArg(0);
        continue;
      }
    }
    return E;
  }
}

std::string LockPathBuilder::pathOfVar(const VarDecl *VD) const {
  if (const auto *PVD = dyn_cast<ParmVarDecl>(VD)) {
    for (unsigned I = 0; I < Fn->getNumParams(); ++I)
      if (Fn->getParamDecl(I) == PVD)
        return "$" + std::to_string(I);
    return "";
  }
  if (VD->hasGlobalStorage()) {
    std::string Usr = usrOf(VD);
    return Usr.empty() ? "" : "@" + Usr;
  }
  QualType T = VD->getType();
  if (T->isPointerType() || T->isReferenceType()) {
    // A local alias such as `struct pool *p = &g_pool;` names what it was set to.
    if (const Expr *Init = VD->getInit())
      return pathOf(Init);
    return "";
  }
  return "%" + FnUsr + "%" + VD->getName().str();
}

std::string LockPathBuilder::pathOf(const Expr *E) const {
  E = stripObject(E);
  if (isa<CXXThisExpr>(E))
    return "$this";
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    return VD ? pathOfVar(VD) : "";
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E)) {
    const ValueDecl *Member = ME->getMemberDecl();
    if (const auto *VD = dyn_cast<VarDecl>(Member)) { // static data member
      std::string Usr = usrOf(VD);
      return Usr.empty() ? "" : "@" + Usr;
    }
    std::string Base = pathOf(ME->getBase());
    if (Base.empty())
      return "";
    return Base + "." + Member->getName().str();
  }
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
    std::string Base = pathOf(ASE->getBase());
    return Base.empty() ? "" : Base + "[]";
  }
  return "";
}

// A record defined in the translation unit's own source file, not in a header, exists
// in that file only: rsyslog's plugins each define their own `struct _instanceData`.
// Its name carries the file's stem, "struct _instanceData (omkafka)", so that records
// of one name in different files stay apart (no '.', '#' or '[' in it: the path grammar).
static std::string fileTag(const RecordDecl *RD, const ASTContext &Ctx) {
  const SourceManager &SM = Ctx.getSourceManager();
  SourceLocation Loc = SM.getExpansionLoc(RD->getLocation());
  if (Loc.isInvalid() || !SM.isInMainFile(Loc))
    return "";
  std::string Stem = llvm::sys::path::stem(SM.getFilename(Loc)).str();
  for (char &C : Stem)
    if (C == '.' || C == '#' || C == '[' || C == ']' || C == '$' || C == '%' || C == '@')
      C = '_';
  return Stem.empty() ? "" : " (" + Stem + ")";
}

static std::string recordName(const RecordDecl *RD, const ASTContext &Ctx) {
  if (!RD)
    return "";
  std::string Tag = fileTag(RD->getDefinition() ? RD->getDefinition() : RD, Ctx);
  if (Ctx.getLangOpts().CPlusPlus)
    return qualifiedNameOf(RD) + Tag;
  std::string Name = RD->getName().str();
  if (Name.empty())
    if (const TypedefNameDecl *TD = RD->getTypedefNameForAnonDecl())
      return TD->getName().str() + Tag;
  return std::string(RD->getKindName()) + " " + Name + Tag;
}

std::string LockPathBuilder::fallbackOf(const Expr *E) const {
  // The last FallbackDepth fields of the member chain, each with the record that holds
  // it: `p->have->mutex` is "#struct pool.have#struct lock_s.mutex", so locks behind one
  // wrapper type stay apart by the field that reaches them.
  std::vector<std::string> Segments; // outermost first
  // A local pointer to the lock itself names what it was set to, as in pathOfVar
  // (glibc's `__cancel_arg = &q->mut`). A local pointer to the object that holds the
  // lock does not: `client = element->client; lock(&client->lock)` is the same kind
  // of lock as `lock(&c->lock)` on a parameter.
  auto Alias = [](const Expr *X) {
    X = stripObject(X);
    for (int Hops = 0; Hops < 8; ++Hops) {
      const auto *DRE = dyn_cast<DeclRefExpr>(X);
      const auto *VD = DRE ? dyn_cast<VarDecl>(DRE->getDecl()) : nullptr;
      if (!VD || isa<ParmVarDecl>(VD) || !VD->hasLocalStorage() || !VD->getInit() ||
          !(VD->getType()->isPointerType() || VD->getType()->isReferenceType()))
        break;
      X = stripObject(VD->getInit());
    }
    return X;
  };
  E = Alias(E);
  while (Segments.size() < FallbackDepth) {
    std::string Suffix;
    while (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E)) {
      Suffix += "[]";
      E = stripObject(ASE->getBase());
    }
    const auto *ME = dyn_cast<MemberExpr>(E);
    if (!ME || !isa<FieldDecl>(ME->getMemberDecl()))
      break;
    const auto *RD = dyn_cast<RecordDecl>(ME->getMemberDecl()->getDeclContext());
    std::string Record = recordName(RD, Fn->getASTContext());
    if (Record.empty())
      break;
    Segments.insert(Segments.begin(),
                    Record + "." + ME->getMemberDecl()->getName().str() + Suffix);
    // `((struct trust_anchor *)n->key)->lock`: the generic container the pointer was
    // kept in says nothing about the kind of lock.
    if (isa<ExplicitCastExpr>(ME->getBase()->IgnoreParenImpCasts()))
      break;
    E = stripObject(ME->getBase());
  }
  return joinFallback(std::vector<llvm::StringRef>(Segments.begin(), Segments.end()));
}

bool LockPathBuilder::isRecursive(const Expr *E) const {
  QualType T = E->getType();
  if (T->isPointerType())
    T = T->getPointeeType();
  T = T.getNonReferenceType();
  // Walk the sugar: `GRecMutex` and `pthread_mutex_t` are typedef names.
  while (true) {
    T = T.getUnqualifiedType();
    if (const auto *TT = T->getAs<TypedefType>()) {
      if (Api.isRecursiveType(TT->getDecl()->getName()))
        return true;
      T = TT->getDecl()->getUnderlyingType();
      continue;
    }
    break;
  }
  if (const CXXRecordDecl *RD = T->getAsCXXRecordDecl())
    return Api.isRecursiveType(qualifiedNameOf(RD));
  // PTHREAD_RECURSIVE_MUTEX_INITIALIZER_NP on a global.
  const Expr *S = stripObject(E);
  if (const auto *DRE = dyn_cast<DeclRefExpr>(S))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (const Expr *Init = VD->getInit()) {
        const SourceManager &SM = Fn->getASTContext().getSourceManager();
        SourceLocation L = Init->getBeginLoc();
        if (L.isMacroID()) {
          StringRef Macro = Lexer::getImmediateMacroName(L, SM, Fn->getASTContext().getLangOpts());
          if (Macro.contains("RECURSIVE"))
            return true;
        }
      }
  return false;
}

std::string LockPathBuilder::spellingOf(const Expr *E) const {
  // Printed from the AST rather than cut from the file, so that a lock named inside a
  // macro argument (xz's mythread_sync(m)) still reads as the user wrote it.
  E = ignorePointerCasts(E);
  // A local the user never wrote (glibc's `__cancel_arg` in pthread_cleanup_push) is
  // named by what it was set to.
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
        VD && VD->getLocation().isMacroID() && VD->hasLocalStorage() && VD->getInit())
      E = ignorePointerCasts(VD->getInit());
  if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_AddrOf)
    E = UO->getSubExpr()->IgnoreParenImpCasts();
  if (isa<CXXThisExpr>(E))
    return "";
  PrintingPolicy Policy(Fn->getASTContext().getLangOpts());
  Policy.SuppressImplicitBase = true;
  Policy.TerseOutput = true;
  std::string Out;
  llvm::raw_string_ostream OS(Out);
  E->printPretty(OS, nullptr, Policy);
  OS.flush();
  if (Out.size() > 60)
    return "";
  return Out;
}

bool LockPathBuilder::pointerIsLoaded(const Expr *P) const {
  P = ignorePointerCasts(P);
  if (const auto *UO = dyn_cast<UnaryOperator>(P); UO && UO->getOpcode() == UO_AddrOf)
    return loadsPointer(UO->getSubExpr());
  if (isa<CXXThisExpr>(P))
    return false;
  if (const auto *DRE = dyn_cast<DeclRefExpr>(P)) {
    const auto *VD = dyn_cast<VarDecl>(DRE->getDecl());
    if (!VD || VD->hasGlobalStorage())
      return true; // a global pointer holds different objects over time
    if (isa<ParmVarDecl>(VD) || VD->getType()->isReferenceType())
      return false; // bound at the call site
    const Expr *Init = VD->getInit();
    return !Init || pointerIsLoaded(Init); // `struct pool *p = &g_pool;` is an alias
  }
  if (!P->getType()->isPointerType()) // an array decays to its own address
    return loadsPointer(P);
  return true; // a pointer field, a call's result, arithmetic
}

bool LockPathBuilder::loadsPointer(const Expr *E) const {
  E = ignorePointerCasts(E);
  if (const auto *UO = dyn_cast<UnaryOperator>(E)) {
    if (UO->getOpcode() == UO_AddrOf)
      return loadsPointer(UO->getSubExpr());
    if (UO->getOpcode() == UO_Deref)
      return pointerIsLoaded(UO->getSubExpr());
  }
  if (const auto *ME = dyn_cast<MemberExpr>(E))
    return ME->isArrow() ? pointerIsLoaded(ME->getBase()) : loadsPointer(ME->getBase());
  if (const auto *ASE = dyn_cast<ArraySubscriptExpr>(E))
    return ASE->getBase()->IgnoreParenImpCasts()->getType()->isPointerType()
               ? pointerIsLoaded(ASE->getBase())
               : loadsPointer(ASE->getBase());
  if (const auto *MT = dyn_cast<MaterializeTemporaryExpr>(E))
    return loadsPointer(MT->getSubExpr());
  if (isa<CXXOperatorCallExpr>(E))
    return true; // a smart pointer's operator->
  if (const auto *DRE = dyn_cast<DeclRefExpr>(E))
    if (const auto *VD = dyn_cast<VarDecl>(DRE->getDecl()))
      if (VD->getType()->isReferenceType() && !isa<ParmVarDecl>(VD))
        return !VD->getInit() || loadsPointer(VD->getInit());
  return false;
}

LockRef LockPathBuilder::lockOf(const Expr *E) const {
  LockRef L;
  L.Spelling = spellingOf(E);
  L.ThroughPointer = E->getType()->isPointerType() ? pointerIsLoaded(E) : loadsPointer(E);
  L.Path = pathOf(E);
  L.Fallback = fallbackOf(E);
  if (L.Path.empty())
    L.Path = L.Fallback; // unknown root: the type-and-field name stands for the lock
  L.Recursive = isRecursive(E);
  return L;
}

LockRef LockPathBuilder::locationOf(const Expr *E) const {
  LockRef L = lockOf(E);
  L.ThroughPointer = loadsPointer(E);
  return L;
}

// --- path algebra ------------------------------------------------------------------

std::optional<int> symbolicRootSlot(llvm::StringRef Path) {
  if (!Path.consume_front("$"))
    return std::nullopt;
  if (Path.starts_with("this"))
    return -1;
  size_t End = Path.find_first_not_of("0123456789");
  unsigned N;
  if (Path.substr(0, End).getAsInteger(10, N))
    return std::nullopt;
  return (int)N;
}

bool isSymbolicPath(llvm::StringRef Path) { return Path.starts_with("$"); }

bool isExactPath(llvm::StringRef Path) {
  return !Path.empty() && !Path.starts_with("#") && !Path.contains("[]");
}

static llvm::StringRef rootOf(llvm::StringRef Path) {
  // Roots end at the first field or element; USRs themselves contain no '.' or '['
  // except in file-local statics, whose USR is "c:file.c@name": skip past the '@'.
  size_t Start = 0;
  if (Path.starts_with("@") || Path.starts_with("%")) {
    size_t At = Path.rfind('@');
    size_t Pct = Path.starts_with("%") ? Path.rfind('%') : llvm::StringRef::npos;
    Start = std::max(At == llvm::StringRef::npos ? 0 : At,
                     Pct == llvm::StringRef::npos ? 0 : Pct);
  } else if (Path.starts_with("#")) {
    return Path.substr(0, Path.find('.'));
  }
  size_t End = Path.find_first_of(".[", Start);
  return Path.substr(0, End);
}

std::vector<llvm::StringRef> fallbackSegments(llvm::StringRef Fallback) {
  std::vector<llvm::StringRef> Out;
  while (Fallback.consume_front("#")) {
    size_t Next = Fallback.find('#');
    Out.push_back(Fallback.substr(0, Next));
    Fallback = Next == llvm::StringRef::npos ? "" : Fallback.substr(Next);
  }
  return Out;
}

std::string joinFallback(llvm::ArrayRef<llvm::StringRef> Segments) {
  std::string Out;
  for (llvm::StringRef S : Segments)
    Out += ("#" + S).str();
  return Out;
}

// Fields after the root: ".a.b[]" has two.
static size_t fieldCount(llvm::StringRef Rest) { return Rest.count('.'); }

// The fallback of Bound's object extended by the last RestFields fields of the callee's
// fallback, cut to FallbackDepth segments: what FactsExtractor would have named had the
// whole expression been written in the caller.
static std::string extendFallback(llvm::StringRef BoundFallback, llvm::StringRef Callee,
                                  size_t RestFields) {
  if (RestFields == 0)
    return BoundFallback.str();
  std::vector<llvm::StringRef> Segs = fallbackSegments(BoundFallback);
  std::vector<llvm::StringRef> Tail = fallbackSegments(Callee);
  if (Tail.size() > RestFields)
    Tail.erase(Tail.begin(), Tail.end() - RestFields);
  if (Tail.size() < RestFields) // the callee could not type every field: no extension
    Segs.clear();
  Segs.insert(Segs.end(), Tail.begin(), Tail.end());
  if (Segs.size() > FallbackDepth)
    Segs.erase(Segs.begin(), Segs.end() - FallbackDepth);
  return joinFallback(Segs);
}

LockRef substitutePath(const LockRef &CalleeLock, llvm::ArrayRef<LockRef> Args,
                       const LockRef &This, llvm::ArrayRef<FieldBinding> ThisFields) {
  std::optional<int> Slot = symbolicRootSlot(CalleeLock.Path);
  if (!Slot)
    return CalleeLock; // already names the same object in every caller
  llvm::StringRef Root = rootOf(CalleeLock.Path);
  llvm::StringRef Rest = llvm::StringRef(CalleeLock.Path).substr(Root.size());
  const LockRef *Bound = nullptr;
  if (*Slot == -1) {
    Bound = &This;
    // A guard object stores the caller's lock in a member: `this->m_.x` in the guard's
    // constructor is `x` of what the caller passed for m_.
    for (const FieldBinding &B : ThisFields) {
      llvm::StringRef After = Rest;
      if (After.consume_front("." + B.Field) && (After.empty() || After[0] == '.' ||
                                                 After[0] == '[')) {
        Bound = &B.Target;
        Rest = After;
        break;
      }
    }
  } else if ((size_t)*Slot < Args.size()) {
    Bound = &Args[*Slot];
  }
  LockRef Out;
  Out.Recursive = CalleeLock.Recursive;
  Out.ThroughPointer = CalleeLock.ThroughPointer || (Bound && Bound->ThroughPointer);
  size_t RestFields = fieldCount(Rest);
  if (Bound && !Bound->Path.empty() && !llvm::StringRef(Bound->Path).starts_with("#")) {
    Out.Path = Bound->Path + Rest.str();
    Out.Fallback = Bound->Fallback.empty()
                       ? CalleeLock.Fallback
                       : extendFallback(Bound->Fallback, CalleeLock.Fallback, RestFields);
  } else if (Bound && !Bound->Path.empty()) {
    // The caller's object has no root either, but its type names more than the
    // callee's parameter type does.
    Out.Path = extendFallback(Bound->Path, CalleeLock.Fallback, RestFields);
  } else {
    Out.Path = CalleeLock.Fallback; // "" when the lock has no type-and-field name
  }
  // In messages the lock is named from what the caller wrote: `possess(p->have)` takes
  // "p->have.mutex", `scene.render()` takes "scene.tree_mu_".
  if (Bound && !Bound->Spelling.empty())
    Out.Spelling = Bound->Spelling + Rest.str();
  return Out;
}

std::string displayLockName(llvm::StringRef Path, llvm::ArrayRef<std::string> ParamNames) {
  if (Path.empty())
    return "<unknown lock>";
  llvm::StringRef Root = rootOf(Path);
  std::string Rest = Path.substr(Root.size()).str();
  std::string Out;
  if (Root.starts_with("#")) {
    // "#struct pool.have#struct lock_s.mutex" reads "struct pool.have.mutex".
    std::vector<llvm::StringRef> Segs = fallbackSegments(Path);
    for (size_t I = 0; I < Segs.size(); ++I)
      Out += I == 0 ? Segs[I].str() : Segs[I].substr(Segs[I].find('.')).str();
    return Out;
  } else if (Root == "$this") {
    Out = "this";
    if (!Rest.empty() && Rest[0] == '.')
      Rest = "->" + Rest.substr(1);
  } else if (auto Slot = symbolicRootSlot(Root)) {
    Out = (size_t)*Slot < ParamNames.size() ? ParamNames[*Slot]
                                            : "arg" + std::to_string(*Slot);
  } else if (Root.starts_with("%")) {
    Out = Root.substr(Root.rfind('%') + 1).str();
  } else { // @usr
    llvm::StringRef Usr = Root.drop_front();
    Out = Usr.substr(Usr.rfind('@') + 1).str();
    // File-local statics have the file in their USR: "c:file.c@name".
    llvm::StringRef Head = Usr.substr(0, Usr.find('@'));
    if (Head.size() > 2 && Head.starts_with("c:") && Head.contains('.'))
      Rest += " (" + Head.drop_front(2).str() + ")";
  }
  return Out + Rest;
}

} // namespace lockgraph

namespace lockgraph {

static const clang::ValueDecl *declOf(const clang::Expr *E) {
  E = E->IgnoreParenImpCasts();
  if (const auto *ME = llvm::dyn_cast<clang::MemberExpr>(E))
    return ME->getMemberDecl();
  if (const auto *DRE = llvm::dyn_cast<clang::DeclRefExpr>(E))
    return DRE->getDecl();
  return nullptr;
}

LockRef LockPathBuilder::declaredGuardOf(const clang::Expr *E) const {
  using namespace clang;
  E = E->IgnoreParenImpCasts();
  const Expr *Named = E; // the variable or field the annotation sits on
  const Expr *Arg = nullptr;
  if (const ValueDecl *D = declOf(E))
    if (const auto *A = D->getAttr<GuardedByAttr>())
      Arg = A->getArg();
  if (!Arg) {
    const Expr *Pointer = nullptr;
    if (const auto *UO = dyn_cast<UnaryOperator>(E); UO && UO->getOpcode() == UO_Deref)
      Pointer = UO->getSubExpr();
    else if (const auto *AS = dyn_cast<ArraySubscriptExpr>(E))
      Pointer = AS->getBase();
    if (const auto *ME = dyn_cast<MemberExpr>(E); ME && ME->isArrow())
      Pointer = ME->getBase();
    if (!Pointer)
      return {};
    const ValueDecl *D = declOf(Pointer);
    if (!D)
      return {};
    if (const auto *A = D->getAttr<PtGuardedByAttr>())
      Arg = A->getArg();
    else if (const auto *A = D->getAttr<GuardedByAttr>(); A && Pointer->getType()->isArrayType())
      Arg = A->getArg(); // an element of a guarded array
    Named = Pointer;
  }
  if (!Arg)
    return {};
  Arg = Arg->IgnoreParenImpCasts();
  if (const auto *DRE = dyn_cast<DeclRefExpr>(Arg))
    if (const auto *V = dyn_cast<VarDecl>(DRE->getDecl()); V && V->hasGlobalStorage())
      return lockOf(Arg);
  // A sibling field (`this->mu_`, or `mu` inside a C struct): the same object's member.
  const auto *GuardME = dyn_cast<MemberExpr>(Arg);
  const ValueDecl *GuardField = GuardME ? GuardME->getMemberDecl() : declOf(Arg);
  const ValueDecl *Field = declOf(Named);
  if (!GuardField || !Field || !isa<FieldDecl>(GuardField) || !isa<FieldDecl>(Field))
    return {};
  LockRef G = locationOf(Named);
  std::string From = "." + Field->getNameAsString(), To = "." + GuardField->getNameAsString();
  for (std::string *Text : {&G.Path, &G.Fallback}) {
    if (Text->empty())
      continue;
    if (!llvm::StringRef(*Text).ends_with(From))
      return {};
    Text->replace(Text->size() - From.size(), From.size(), To);
  }
  G.Spelling = GuardField->getNameAsString();
  G.Recursive = false;
  G.ThroughPointer = false;
  return G;
}

} // namespace lockgraph
