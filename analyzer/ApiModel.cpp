#include "ApiModel.h"

#include "lockgraph/InputLimits.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/xxhash.h"

#include <algorithm>
#include <optional>

namespace {
struct YamlNoWait {
  int Arg = -1;
  int64_t AtMost = 0;
};
struct YamlFunction {
  std::string Name, Effect, Lock = "0", Mode = "exclusive", Success = "zero";
  int Routine = -1, Predicate = -1;
  bool Pool = false, Output = false;
  std::string Unit;
  std::optional<YamlNoWait> NoWait;
};
struct YamlGuard {
  std::string Type, Lock = "0", Mode = "exclusive";
};
struct YamlLockType {
  std::string Type;
  bool Recursive = false;
};
struct YamlTag {
  std::string Type, Means;
};
struct YamlApiFile {
  std::string Name;
  std::vector<YamlLockType> LockTypes;
  std::vector<YamlFunction> Functions;
  std::vector<YamlGuard> Guards;
  std::vector<YamlTag> Tags;
};
} // namespace

LLVM_YAML_IS_SEQUENCE_VECTOR(YamlFunction)
LLVM_YAML_IS_SEQUENCE_VECTOR(YamlGuard)
LLVM_YAML_IS_SEQUENCE_VECTOR(YamlLockType)
LLVM_YAML_IS_SEQUENCE_VECTOR(YamlTag)

namespace llvm::yaml {
template <> struct MappingTraits<YamlNoWait> {
  static void mapping(IO &IO, YamlNoWait &N) {
    IO.mapRequired("arg", N.Arg);
    IO.mapRequired("at-most", N.AtMost);
  }
};
template <> struct MappingTraits<YamlFunction> {
  static void mapping(IO &IO, YamlFunction &F) {
    IO.mapRequired("name", F.Name);
    IO.mapRequired("effect", F.Effect);
    IO.mapOptional("lock", F.Lock, "0");
    IO.mapOptional("mode", F.Mode, "exclusive");
    IO.mapOptional("success", F.Success, "zero");
    IO.mapOptional("routine", F.Routine, -1);
    IO.mapOptional("predicate", F.Predicate, -1);
    IO.mapOptional("pool", F.Pool, false);
    IO.mapOptional("output", F.Output, false);
    IO.mapOptional("unit", F.Unit, "");
    IO.mapOptional("nowait-when", F.NoWait);
  }
};
template <> struct MappingTraits<YamlGuard> {
  static void mapping(IO &IO, YamlGuard &G) {
    IO.mapRequired("type", G.Type);
    IO.mapOptional("lock", G.Lock, "0");
    IO.mapOptional("mode", G.Mode, "exclusive");
  }
};
template <> struct MappingTraits<YamlLockType> {
  static void mapping(IO &IO, YamlLockType &L) {
    IO.mapRequired("type", L.Type);
    IO.mapOptional("recursive", L.Recursive, false);
  }
};
template <> struct MappingTraits<YamlTag> {
  static void mapping(IO &IO, YamlTag &T) {
    IO.mapRequired("type", T.Type);
    IO.mapRequired("means", T.Means);
  }
};
template <> struct MappingTraits<YamlApiFile> {
  static void mapping(IO &IO, YamlApiFile &F) {
    IO.mapRequired("name", F.Name);
    IO.mapOptional("lock-types", F.LockTypes);
    IO.mapOptional("functions", F.Functions);
    IO.mapOptional("guards", F.Guards);
    IO.mapOptional("tags", F.Tags);
  }
};
} // namespace llvm::yaml

namespace lockgraph {

static llvm::Error apiError(llvm::StringRef File, const llvm::Twine &Msg) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 (File + ": " + Msg).str());
}

static bool parseLockArg(llvm::StringRef S, int &Out) {
  if (S == "this")
    Out = LockArgThis;
  else if (S == "all")
    Out = LockArgAll;
  else {
    unsigned N;
    if (S.getAsInteger(10, N))
      return false;
    Out = N;
  }
  return true;
}

static bool parseMode(llvm::StringRef S, bool &Shared) {
  if (S != "exclusive" && S != "shared")
    return false;
  Shared = S == "shared";
  return true;
}

llvm::Error ApiModel::loadYAML(llvm::StringRef Text, llvm::StringRef Name) {
  ContentHash = llvm::xxh3_64bits(Text) ^ (ContentHash * 0x9E3779B97F4A7C15ull);
  if (std::string Deep = yamlNestingError(Text); !Deep.empty())
    return apiError(Name, "not a valid lock-API file: " + Deep);
  YamlApiFile File;
  llvm::yaml::Input In(Text);
  In >> File;
  if (In.error())
    return apiError(Name, "not a valid lock-API file: " + In.error().message());
  for (const YamlFunction &F : File.Functions) {
    FunctionModel M;
    static const std::pair<const char *, ApiEffect> Effects[] = {
        {"acquire", ApiEffect::Acquire}, {"try-acquire", ApiEffect::TryAcquire},
        {"release", ApiEffect::Release}, {"wait", ApiEffect::Wait},
        {"disown", ApiEffect::Disown},   {"owns-lock", ApiEffect::OwnsLock},
        {"thread-start", ApiEffect::ThreadStart}, {"block", ApiEffect::Block},
        {"sleep", ApiEffect::Sleep},     {"yield", ApiEffect::Yield}};
    auto It = std::find_if(std::begin(Effects), std::end(Effects),
                           [&](const auto &E) { return F.Effect == E.first; });
    if (It == std::end(Effects))
      return apiError(Name, "function '" + F.Name + "': unknown effect '" + F.Effect + "'");
    M.Effect = It->second;
    if (!parseLockArg(F.Lock, M.LockArg))
      return apiError(Name, "function '" + F.Name + "': lock must be this, all or an "
                                                    "argument index, not '" + F.Lock + "'");
    if (!parseMode(F.Mode, M.Shared))
      return apiError(Name, "function '" + F.Name + "': mode must be exclusive or shared");
    if (F.Success != "zero" && F.Success != "true")
      return apiError(Name, "function '" + F.Name + "': success must be zero or true");
    M.SuccessIsZero = F.Success == "zero";
    M.RoutineArg = F.Routine;
    if ((M.Effect == ApiEffect::ThreadStart) != (M.RoutineArg >= 0))
      return apiError(Name, "function '" + F.Name + "': routine (an argument index) goes "
                                                    "with effect thread-start, and only there");
    M.Pool = F.Pool;
    M.Output = F.Output;
    if (M.Output && M.Effect != ApiEffect::Block)
      return apiError(Name, "function '" + F.Name + "': output goes with effect block only");
    if (M.Pool && M.Effect != ApiEffect::ThreadStart)
      return apiError(Name, "function '" + F.Name + "': pool goes with effect thread-start only");
    M.PredicateArg = F.Predicate;
    if (M.PredicateArg >= 0 && M.Effect != ApiEffect::Wait)
      return apiError(Name, "function '" + F.Name + "': predicate goes with effect wait only");
    static const std::pair<const char *, uint64_t> Units[] = {
        {"", 0}, {"s", 1000000000}, {"ms", 1000000}, {"us", 1000}, {"ns", 1}};
    auto Unit = std::find_if(std::begin(Units), std::end(Units),
                             [&](const auto &U) { return F.Unit == U.first; });
    if (Unit == std::end(Units))
      return apiError(Name, "function '" + F.Name + "': unit must be s, ms, us or ns");
    if (!F.Unit.empty() && M.Effect != ApiEffect::Sleep)
      return apiError(Name, "function '" + F.Name + "': unit goes with effect sleep only");
    M.SleepUnitNs = Unit->second;
    if (F.NoWait) {
      if (M.Effect != ApiEffect::Block || F.NoWait->Arg < 0 || F.NoWait->AtMost < 0)
        return apiError(Name, "function '" + F.Name + "': nowait-when goes with effect block, "
                                                      "with an argument index and at-most >= 0");
      M.NoWaitArg = F.NoWait->Arg;
      M.NoWaitAtMost = F.NoWait->AtMost;
    }
    Functions[F.Name] = M;
  }
  for (const YamlGuard &G : File.Guards) {
    GuardModel M;
    if (!parseLockArg(G.Lock, M.LockArg) || M.LockArg == LockArgThis)
      return apiError(Name, "guard '" + G.Type + "': lock must be all or an argument index");
    if (!parseMode(G.Mode, M.Shared))
      return apiError(Name, "guard '" + G.Type + "': mode must be exclusive or shared");
    Guards[G.Type] = M;
  }
  for (const YamlTag &T : File.Tags) {
    if (T.Means == "defer")
      Tags[T.Type] = GuardTag::Defer;
    else if (T.Means == "adopt")
      Tags[T.Type] = GuardTag::Adopt;
    else if (T.Means == "try")
      Tags[T.Type] = GuardTag::Try;
    else
      return apiError(Name, "tag '" + T.Type + "': means must be defer, adopt or try");
  }
  for (const YamlLockType &L : File.LockTypes)
    LockTypes[L.Type] = L.Recursive;
  return llvm::Error::success();
}

llvm::Error ApiModel::loadFile(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return apiError(Path, "cannot read: " + Buf.getError().message());
  return loadYAML((*Buf)->getBuffer(), Path);
}

llvm::Error ApiModel::loadDirectory(llvm::StringRef Dir) {
  std::error_code EC;
  std::vector<std::string> Paths;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC))
    if (llvm::sys::path::extension(It->path()) == ".yaml")
      Paths.push_back(It->path());
  if (EC)
    return apiError(Dir, "cannot list lock-API models: " + EC.message());
  if (Paths.empty())
    return apiError(Dir, "no lock-API models (*.yaml) found");
  std::sort(Paths.begin(), Paths.end());
  for (const std::string &P : Paths)
    if (llvm::Error E = loadFile(P))
      return E;
  return llvm::Error::success();
}

const FunctionModel *ApiModel::function(llvm::StringRef Name) const {
  auto It = Functions.find(Name);
  return It == Functions.end() ? nullptr : &It->second;
}

const GuardModel *ApiModel::guard(llvm::StringRef Type) const {
  auto It = Guards.find(Type);
  return It == Guards.end() ? nullptr : &It->second;
}

const GuardTag *ApiModel::tag(llvm::StringRef Type) const {
  auto It = Tags.find(Type);
  return It == Tags.end() ? nullptr : &It->second;
}

bool ApiModel::isRecursiveType(llvm::StringRef Type) const {
  auto It = LockTypes.find(Type);
  return It != LockTypes.end() && It->second;
}

bool ApiModel::isLockType(llvm::StringRef Type) const { return LockTypes.count(Type); }

} // namespace lockgraph
