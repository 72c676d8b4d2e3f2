#include "Program.h"

#include "LockPath.h"
#include "RecursiveInit.h"

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/strong_components.hpp>

namespace lockgraph {

LockId LockTable::intern(const LockRef &Ref) {
  LockRef L = Ref;
  if (!L.Recursive && !RecursivePaths.empty()) {
    // A wrapper's constructor makes `this->m` recursive ("#mutex_t.m"); uses name it
    // by a longer chain ("#ctx_t.x_#mutex_t.m"): its last segment is the lock's kind.
    std::vector<llvm::StringRef> Segs = fallbackSegments(L.Fallback);
    L.Recursive = RecursivePaths.count(L.Path) || RecursivePaths.count(L.Fallback) ||
                  (!Segs.empty() && RecursivePaths.count(joinFallback(Segs.back())));
  }
  bool Symbolic = isSymbolicPath(L.Path);
  std::string Key = L.Path;
  if (Symbolic)
    Key += "\x1f" + L.Fallback + (L.Recursive ? "\x1fr" : "");
  auto [It, Inserted] = Index.try_emplace(Key, Locks.size());
  if (Inserted) {
    LockInfo Info;
    Info.Ref = L;
    Info.Symbolic = Symbolic;
    Info.Exact = isExactPath(L.Path);
    Info.ThroughPointer = L.ThroughPointer;
    Locks.push_back(std::move(Info));
  } else {
    // Any use that knows it is recursive, or reached through a pointer, wins.
    Locks[It->second].Ref.Recursive |= L.Recursive;
    Locks[It->second].ThroughPointer |= L.ThroughPointer;
  }
  return It->second;
}

uint32_t Program::internFile(const std::string &Path) {
  auto [It, Inserted] = FileIndex.try_emplace(Path, Files.size());
  if (Inserted)
    Files.push_back(Path);
  return It->second;
}

Program::Program(std::vector<TranslationUnitFacts> Input) : TUs(std::move(Input)) {
  // Deterministic regardless of the order TUs finished in.
  std::sort(TUs.begin(), TUs.end(),
            [](const TranslationUnitFacts &A, const TranslationUnitFacts &B) {
              return std::tie(A.MainFile, A.CommandHash) < std::tie(B.MainFile, B.CommandHash);
            });
  for (const TranslationUnitFacts &TU : TUs) {
    std::vector<uint32_t> Map;
    for (const std::string &F : TU.Files)
      Map.push_back(internFile(F));
    for (const FunctionFacts &F : TU.Functions) {
      for (const BlockFacts &B : F.Blocks)
        for (const Event &E : B.Events)
          if (E.Kind == EventKind::Call) {
            Called[E.Callee] = true;
            if (!E.CalleeField.empty())
              CalledFields[E.CalleeField] = true;
          }
      if (!ByUsr.try_emplace(F.Usr, Functions.size()).second)
        continue;
      Functions.push_back({&F, Map});
    }
    for (const std::string &Usr : TU.AddressTaken)
      AddressTaken[Usr] = true;
    for (llvm::StringRef Path : TU.RecursiveLocks) {
      unsigned Param;
      auto [Index, Usr] = Path.drop_front(RecursiveParamPrefix.size()).split(':');
      if (Path.starts_with(RecursiveParamPrefix) && !Index.getAsInteger(10, Param))
        RecursiveInitParams[Usr].push_back(Param);
      else
        Locks.markRecursive(Path.str());
    }
    for (const SuppressionComment &S : TU.Suppressions) {
      auto &List = Suppressions[{Map[S.File], S.Line}];
      if (std::find(List.begin(), List.end(), S.Ids) == List.end())
        List.push_back(S.Ids);
    }
  }
  // `uv_mutex_init_recursive(&m)`: m is recursive wherever it is used.
  if (!RecursiveInitParams.empty())
    for (const ProgramFunction &F : Functions)
      for (const BlockFacts &B : F.Facts->Blocks)
        for (const Event &E : B.Events)
          if (auto It = RecursiveInitParams.find(E.Callee); It != RecursiveInitParams.end())
            for (unsigned Param : It->second)
              if (Param < E.Args.size() && !E.Args[Param].Path.empty())
                Locks.markRecursive(isSymbolicPath(E.Args[Param].Path) ? E.Args[Param].Fallback
                                                                       : E.Args[Param].Path);
  for (uint32_t I = 0; I < Functions.size(); ++I) {
    const FunctionFacts &F = *Functions[I].Facts;
    for (const std::string &Base : F.Overrides)
      Overriders[Base].push_back(I);
    if (!F.Signature.empty() && AddressTaken.count(F.Usr))
      BySignature[F.Signature].push_back(I);
  }
  // A function stored in a field the program calls through is called there; one
  // stored in a field no visible code calls is a callback like any other.
  for (const TranslationUnitFacts &TU : TUs)
    for (const auto &[Field, Usr] : TU.FieldFunctions) {
      if (!CalledFields.count(Field)) {
        AddressTaken[Usr] = true;
        continue;
      }
      Called[Usr] = true;
      if (const ProgramFunction *F = function(Usr))
        ByField[Field].push_back(F - Functions.data());
    }
  for (auto &[Field, Targets] : ByField) {
    llvm::sort(Targets);
    Targets.erase(std::unique(Targets.begin(), Targets.end()), Targets.end());
  }
}

std::vector<uint32_t> Program::indirectTargets(const Event &Call) const {
  std::vector<uint32_t> Out;
  if (!Call.CalleeField.empty()) { // precise enough to follow always
    auto It = ByField.find(Call.CalleeField);
    if (It != ByField.end() && It->second.size() <= MaxIndirectTargets)
      Out = It->second;
    return Out;
  }
  if (!FollowIndirectCalls)
    return Out;
  if (Call.Virtual) {
    if (const ProgramFunction *F = function(Call.Callee))
      Out.push_back(F - Functions.data());
    auto It = Overriders.find(Call.Callee);
    if (It != Overriders.end())
      Out.insert(Out.end(), It->second.begin(), It->second.end());
  } else if (!Call.Signature.empty()) {
    auto It = BySignature.find(Call.Signature);
    if (It != BySignature.end())
      Out = It->second;
  }
  std::sort(Out.begin(), Out.end());
  Out.erase(std::unique(Out.begin(), Out.end()), Out.end());
  if (Out.size() > MaxIndirectTargets)
    Out.clear();
  return Out;
}

std::vector<uint32_t> sortedUnion(std::vector<uint32_t> A, const std::vector<uint32_t> &B) {
  A.insert(A.end(), B.begin(), B.end());
  std::sort(A.begin(), A.end());
  A.erase(std::unique(A.begin(), A.end()), A.end());
  return A;
}

// Blocks on a cycle of the function's CFG: code that can run more than once per call.
std::vector<bool> blocksInLoops(const FunctionFacts &F) {
  using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::directedS>;
  Graph G(F.Blocks.size());
  std::vector<bool> SelfLoop(F.Blocks.size());
  for (uint32_t B = 0; B < F.Blocks.size(); ++B)
    for (const Successor &S : F.Blocks[B].Succs) {
      boost::add_edge(B, S.Block, G);
      if (S.Block == B)
        SelfLoop[B] = true;
    }
  std::vector<size_t> Component(F.Blocks.size());
  if (F.Blocks.empty())
    return {};
  boost::strong_components(G, Component.data());
  std::vector<unsigned> Size(F.Blocks.size());
  for (size_t C : Component)
    ++Size[C];
  std::vector<bool> Out(F.Blocks.size());
  for (uint32_t B = 0; B < F.Blocks.size(); ++B)
    Out[B] = SelfLoop[B] || Size[Component[B]] > 1;
  return Out;
}

const ProgramFunction *Program::function(llvm::StringRef Usr) const {
  auto It = ByUsr.find(Usr);
  return It == ByUsr.end() ? nullptr : &Functions[It->second];
}

static bool idMatches(llvm::StringRef Pattern, llvm::StringRef QualifiedId) {
  if (Pattern == "*")
    return true;
  if (Pattern.ends_with("*"))
    return QualifiedId.starts_with(Pattern.drop_back());
  return Pattern == QualifiedId;
}

bool Program::isSuppressed(const ProgramSite &S, llvm::StringRef RuleId) const {
  auto It = Suppressions.find({S.File, S.Line});
  if (It == Suppressions.end())
    return false;
  std::string Qualified = ("lockgraph-" + RuleId).str();
  for (const std::vector<std::string> &Ids : It->second) {
    if (Ids.empty())
      return true;
    for (const std::string &P : Ids)
      if (idMatches(P, Qualified))
        return true;
  }
  return false;
}

} // namespace lockgraph
