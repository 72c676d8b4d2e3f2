// The whole program as the link step sees it: the facts of every translation unit
// merged, one definition per function (USR), one file table, interned lock ids.
#pragma once

#include "Facts.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/StringMap.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace lockgraph {

using LockId = uint32_t;
constexpr LockId NoLock = ~0u;

// A site in the program-wide file table.
struct ProgramSite {
  uint32_t File = ~0u;
  uint32_t Line = 0;
  uint32_t Column = 0;
  bool valid() const { return File != ~0u; }
  bool operator<(const ProgramSite &O) const {
    return std::tie(File, Line, Column) < std::tie(O.File, O.Line, O.Column);
  }
  bool operator==(const ProgramSite &O) const {
    return File == O.File && Line == O.Line && Column == O.Column;
  }
};

struct LockInfo {
  LockRef Ref;
  bool Symbolic = false; // rooted at $this / $<n>: needs a call site to name an object
  bool Exact = false;    // names one object (no [] and no type fallback)
  bool ThroughPointer = false; // some use reaches it through a pointer read from memory
};

// Locks are interned by path; a symbolic path also by its fallback, since "$0.m"
// means a different lock in every function.
class LockTable {
public:
  LockId intern(const LockRef &L);
  // Paths and type fallbacks of locks initialized as recursive (RecursiveInit.h).
  void markRecursive(const std::string &PathOrFallback) { RecursivePaths.insert(PathOrFallback); }
  const LockInfo &info(LockId Id) const { return Locks[Id]; }
  // The lock with this non-symbolic path, or NoLock.
  LockId find(llvm::StringRef Path) const {
    auto It = Index.find(Path);
    return It == Index.end() ? NoLock : It->second;
  }
  size_t size() const { return Locks.size(); }

private:
  std::vector<LockInfo> Locks;
  llvm::StringMap<LockId> Index;
  std::set<std::string> RecursivePaths;
};

struct ProgramFunction {
  const FunctionFacts *Facts = nullptr;
  std::vector<uint32_t> FileMap; // the TU's file index -> program file index
  ProgramSite site(const Site &S) const {
    return {FileMap[S.File], S.Line, S.Column};
  }
};

// The union of two sets kept as sorted vectors (lock ids, thread-root indexes).
std::vector<uint32_t> sortedUnion(std::vector<uint32_t> A, const std::vector<uint32_t> &B);

// Per block, whether it lies on a cycle of the function's CFG: code that can run more
// than once per call.
std::vector<bool> blocksInLoops(const FunctionFacts &F);

class Program {
public:
  // Takes the facts of all translation units; a function defined in several (inline,
  // templates, headers) is kept once, so its findings are reported once.
  explicit Program(std::vector<TranslationUnitFacts> TUs);

  const std::vector<ProgramFunction> &functions() const { return Functions; }
  const ProgramFunction *function(llvm::StringRef Usr) const;
  const std::string &file(uint32_t Index) const { return Files[Index]; }
  size_t fileCount() const { return Files.size(); }
  // Entered only through direct calls we can see: not a thread entry or callback.
  bool onlyCalledDirectly(llvm::StringRef Usr) const {
    return Called.count(Usr) && !AddressTaken.count(Usr);
  }
  // The functions a call through a virtual method or a function pointer may run: every
  // defined override of the method, or every address-taken function of the pointer's
  // type; none when there are more than MaxIndirectTargets (too vague to be evidence).
  // A call through a field (`mod->eval()`) runs the functions stored in that field,
  // followed always (FollowIndirectCalls is for the other two).
  static constexpr size_t MaxIndirectTargets = 8;
  // Off by default until its precision on real code is measured (docs/evaluation.md).
  bool FollowIndirectCalls = false;
  std::vector<uint32_t> indirectTargets(const Event &Call) const;
  // Whether a NOLINT comment suppresses RuleId at S.
  bool isSuppressed(const ProgramSite &S, llvm::StringRef RuleId) const;

  LockTable Locks;

private:
  uint32_t internFile(const std::string &Path);

  std::vector<TranslationUnitFacts> TUs;
  std::vector<std::string> Files;
  llvm::StringMap<uint32_t> FileIndex;
  std::vector<ProgramFunction> Functions;
  llvm::StringMap<uint32_t> ByUsr;
  llvm::StringMap<bool> Called;
  llvm::StringMap<bool> AddressTaken;
  llvm::StringMap<std::vector<unsigned>> RecursiveInitParams; // RecursiveInit.h
  llvm::StringMap<std::vector<uint32_t>> Overriders;  // base method USR -> overrides
  llvm::StringMap<std::vector<uint32_t>> BySignature; // address-taken, by type
  llvm::StringMap<std::vector<uint32_t>> ByField;     // stored in a field called through
  llvm::StringMap<bool> CalledFields;
  std::map<std::pair<uint32_t, uint32_t>, std::vector<std::vector<std::string>>> Suppressions;
};

} // namespace lockgraph
