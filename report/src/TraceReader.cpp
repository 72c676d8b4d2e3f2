// Reads a runtime trace (docs/trace-format.md) line by line with llvm::json.
//
// The writer may have died at any byte, so the reader keeps whatever is complete: each
// line is parsed on its own, the first unparsable or unterminated line ends the usable
// part, and a record with a missing or mistyped member reads that member as 0 / empty
// rather than failing. Nothing here trusts ids to refer to anything.
#include "lockgraph/InputLimits.h"
#include "lockgraph/Trace.h"

#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <algorithm>
#include <limits>
#include <set>
#include <tuple>

namespace lockgraph {
namespace trace {
namespace {

using llvm::json::Array;
using llvm::json::Object;

uint64_t getUInt(const Object &O, llvm::StringRef Key) {
  if (std::optional<int64_t> V = O.getInteger(Key))
    return *V < 0 ? 0 : uint64_t(*V);
  return 0;
}

// Ids and small counts: anything that does not fit reads as 0 ("nothing").
unsigned getId(const Object &O, llvm::StringRef Key) {
  uint64_t V = getUInt(O, Key);
  return V > std::numeric_limits<unsigned>::max() ? 0 : unsigned(V);
}

int getInt(const Object &O, llvm::StringRef Key) {
  if (std::optional<int64_t> V = O.getInteger(Key))
    if (*V >= std::numeric_limits<int>::min() && *V <= std::numeric_limits<int>::max())
      return int(*V);
  return 0;
}

std::string getString(const Object &O, llvm::StringRef Key) {
  if (std::optional<llvm::StringRef> V = O.getString(Key))
    return V->str();
  return "";
}

// Addresses are "0x..." strings, since they do not fit a double.
uint64_t getAddress(const Object &O, llvm::StringRef Key) {
  std::optional<llvm::StringRef> V = O.getString(Key);
  if (!V)
    return 0;
  llvm::StringRef Hex = *V;
  if (!Hex.consume_front("0x"))
    Hex.consume_front("0X");
  uint64_t Out = 0;
  if (Hex.getAsInteger(16, Out))
    return 0;
  return Out;
}

const Array *getArray(const Object &O, llvm::StringRef Key) { return O.getArray(Key); }

// Calls F on every element of O[Key] that is an object.
template <typename Fn> void forEachObject(const Object &O, llvm::StringRef Key, Fn F) {
  if (const Array *A = getArray(O, Key))
    for (const llvm::json::Value &V : *A)
      if (const Object *E = V.getAsObject())
        F(*E);
}

std::vector<unsigned> readIds(const Object &O, llvm::StringRef Key, size_t Max);

Edge readEdge(const Object &O) {
  Edge E;
  E.From = getId(O, "from");
  E.To = getId(O, "to");
  E.Thread = getId(O, "thread");
  E.StackFrom = getId(O, "stack_from");
  E.StackTo = getId(O, "stack_to");
  E.Held = readIds(O, "held", MaxHeldPerEdge);
  return E;
}

// The ids in O[Key] (at most Max), skipping anything that is not one.
std::vector<unsigned> readIds(const Object &O, llvm::StringRef Key, size_t Max) {
  std::vector<unsigned> Out;
  if (const Array *A = getArray(O, Key))
    for (const llvm::json::Value &V : *A) {
      if (Out.size() == Max)
        break;
      if (std::optional<int64_t> Id = V.getAsInteger();
          Id && *Id > 0 && *Id <= std::numeric_limits<unsigned>::max())
        Out.push_back(unsigned(*Id));
    }
  return Out;
}

Finding readFinding(const Object &O) {
  Finding F;
  F.Rule = getString(O, "rule");
  F.Message = getString(O, "message");
  F.Thread = getId(O, "thread");
  forEachObject(O, "cycle", [&](const Object &E) { F.Cycle.push_back(readEdge(E)); });
  F.Length = getId(O, "length");
  if (F.Length < F.Cycle.size())
    F.Length = F.Cycle.size();
  F.Orphan = O.getBoolean("orphan").value_or(false);
  forEachObject(O, "threads", [&](const Object &T) {
    DeadlockThread D;
    D.Thread = getId(T, "thread");
    D.Holds = getId(T, "holds");
    D.WaitsFor = getId(T, "waits_for");
    D.Owner = getId(T, "owner");
    D.WaitStack = getId(T, "wait_stack");
    D.HoldStack = getId(T, "hold_stack");
    D.Rounds = getUInt(T, "rounds");
    F.Threads.push_back(D);
  });
  F.Lock = getId(O, "lock");
  F.Stack = getId(O, "stack");
  F.FirstStack = getId(O, "first_stack");
  F.Addr = getAddress(O, "addr");
  F.Reason = getString(O, "reason");
  // lock-leak's "locks" is an array of {"lock","stack"}.
  forEachObject(O, "locks", [&](const Object &L) {
    F.Locks.push_back(HeldLock{getId(L, "lock"), getId(L, "stack")});
  });
  F.Kind = getString(O, "kind");
  F.Rounds = getUInt(O, "rounds");
  F.ElapsedNs = getUInt(O, "elapsed_ns");
  F.CpuNs = getUInt(O, "cpu_ns");
  F.SleptNs = getUInt(O, "slept_ns");
  if (O.getInteger("owner"))
    F.Owner = getId(O, "owner");
  F.OwnerStack = getId(O, "owner_stack");
  F.Shared = O.getBoolean("shared").value_or(false);
  F.WaitedNs = getUInt(O, "waited_ns");
  F.Overtakes = getUInt(O, "overtakes");
  return F;
}

// Stores one record (not the header) into T. Returns false for a record of a known type
// without the members it cannot do without (its id, its rule).
bool readRecord(llvm::StringRef Type, const Object &O, Trace &T) {
  if (Type == "module") {
    Module M;
    M.Path = getString(O, "path");
    M.Base = getAddress(O, "base");
    M.Begin = getAddress(O, "begin");
    M.End = getAddress(O, "end");
    M.BuildId = llvm::StringRef(getString(O, "build_id")).lower();
    if (M.Path.empty() || M.End <= M.Begin)
      return false;
    T.Modules.push_back(std::move(M));
  } else if (Type == "thread") {
    if (!O.getInteger("id"))
      return false;
    Thread Th;
    Th.Id = getId(O, "id");
    Th.Parent = getId(O, "parent");
    Th.Name = getString(O, "name");
    Th.Stack = getId(O, "stack");
    T.Threads[Th.Id] = std::move(Th);
  } else if (Type == "stack") {
    unsigned Id = getId(O, "id");
    const Array *Frames = getArray(O, "frames");
    if (Id == 0 || !Frames)
      return false;
    std::vector<uint64_t> PCs;
    for (const llvm::json::Value &V : *Frames) {
      llvm::StringRef Hex = V.getAsString().value_or("");
      uint64_t PC = 0;
      if (Hex.consume_front("0x") && !Hex.getAsInteger(16, PC))
        PCs.push_back(PC);
    }
    T.Stacks[Id] = std::move(PCs);
  } else if (Type == "lock") {
    Lock L;
    L.Id = getId(O, "id");
    if (L.Id == 0)
      return false;
    L.Addr = getAddress(O, "addr");
    L.Kind = getString(O, "kind");
    L.Generation = getId(O, "generation");
    L.Stack = getId(O, "stack");
    T.Locks[L.Id] = std::move(L);
  } else if (Type == "edge") {
    Edge E = readEdge(O);
    if (E.From == 0 || E.To == 0)
      return false;
    T.Edges.push_back(std::move(E));
  } else if (Type == "edges") {
    Edge E;
    E.To = getId(O, "to");
    E.Thread = getId(O, "thread");
    E.StackTo = getId(O, "stack_to");
    E.Held = readIds(O, "held", MaxHeldPerEdge);
    const Array *From = getArray(O, "from");
    const Array *Stacks = getArray(O, "stack_from");
    if (E.To == 0 || !From || !Stacks || From->size() != Stacks->size())
      return false;
    for (size_t I = 0; I < From->size(); ++I) {
      std::optional<int64_t> F = (*From)[I].getAsInteger(), S = (*Stacks)[I].getAsInteger();
      if (!F || *F <= 0 || *F > std::numeric_limits<unsigned>::max() || !S || *S < 0 ||
          *S > std::numeric_limits<unsigned>::max())
        return false;
      E.From = unsigned(*F);
      E.StackFrom = unsigned(*S);
      T.Edges.push_back(E);
    }
  } else if (Type == "finding") {
    Finding F = readFinding(O);
    if (F.Rule.empty())
      return false;
    T.Findings.push_back(std::move(F));
  } else if (Type == "lock_stats") {
    LockStats S;
    S.Lock = getId(O, "lock");
    S.Acquisitions = getUInt(O, "acquisitions");
    S.Shared = getUInt(O, "shared");
    S.OwnerChanges = getUInt(O, "owner_changes");
    S.Contended = getUInt(O, "contended");
    S.WaitNs = getUInt(O, "wait_ns");
    S.MaxWaitNs = getUInt(O, "max_wait_ns");
    S.HoldSamples = getUInt(O, "hold_samples");
    S.HoldNs = getUInt(O, "hold_ns");
    S.MaxHoldNs = getUInt(O, "max_hold_ns");
    if (S.Lock == 0)
      return false;
    T.Stats.push_back(S); // repeats are dropped at the end (keepLastStatistics)
  } else if (Type == "lock_site") {
    LockSite S;
    S.Lock = getId(O, "lock");
    std::string Role = getString(O, "role");
    S.Holder = Role == "holder";
    S.Stack = getId(O, "stack");
    S.Count = getUInt(O, "count");
    S.WaitNs = getUInt(O, "wait_ns");
    S.MaxWaitNs = getUInt(O, "max_wait_ns");
    if (S.Lock == 0 || (Role != "holder" && Role != "waiter"))
      return false;
    T.Sites.push_back(S);
  } else if (Type == "write_error") {
    T.WriteError = getString(O, "message");
    if (T.WriteError.empty())
      T.WriteError = "errno " + std::to_string(getInt(O, "errno"));
  } else if (Type == "end") {
    End E;
    E.Reason = getString(O, "reason");
    E.Status = getInt(O, "status");
    if (O.getInteger("program_status"))
      E.ProgramStatus = getInt(O, "program_status");
    E.Locks = getUInt(O, "locks");
    E.Edges = getUInt(O, "edges");
    E.Findings = getUInt(O, "findings");
    E.ThreadNs = getUInt(O, "thread_ns");
    T.Finish = std::move(E);
  } else {
    ++T.UnknownRecords;
  }
  return true;
}

llvm::Error rejected(llvm::StringRef Name, const llvm::Twine &Why) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Name + ": not a lockgraph trace: " + Why);
}

llvm::Error readHeader(llvm::StringRef Line, bool Terminated, llvm::StringRef Name, Header &H) {
  if (!Terminated)
    return rejected(Name, "the first line is incomplete");
  if (std::string Deep = jsonNestingError(Line); !Deep.empty())
    return rejected(Name, "the first line is " + Deep);
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Line);
  if (!V) {
    llvm::consumeError(V.takeError());
    return rejected(Name, "the first line is not JSON");
  }
  const Object *O = V->getAsObject();
  if (!O || O->getString("t") != "header" || O->getString("format") != "lockgraph-trace")
    return rejected(Name, "the first line is not a lockgraph-trace header");
  std::optional<int64_t> Version = O->getInteger("version");
  if (!Version || *Version < MinSupportedVersion || *Version > SupportedVersion)
    return rejected(Name,
                    llvm::formatv("unsupported version {0} (this lockgraph reads {1} to {2})",
                                  Version ? std::to_string(*Version) : "?", MinSupportedVersion,
                                  SupportedVersion));
  H.Version = unsigned(*Version);
  H.Pid = O->getInteger("pid").value_or(0);
  H.Ppid = O->getInteger("ppid").value_or(0);
  H.Exe = getString(*O, "exe");
  if (const Array *Args = O->getArray("argv"))
    for (const llvm::json::Value &A : *Args)
      if (std::optional<llvm::StringRef> S = A.getAsString())
        H.Argv.push_back(S->str());
  H.StartUnixMs = O->getInteger("start_unix_ms").value_or(0);
  H.Options = getString(*O, "options");
  return llvm::Error::success();
}

// An exec that failed writes the statistics again before its later end: the last
// record of each lock (and site) holds the totals.
template <typename T, typename KeyFn> void keepLast(std::vector<T> &Records, KeyFn Key) {
  std::set<decltype(Key(Records[0]))> Seen;
  std::vector<T> Kept;
  for (auto It = Records.rbegin(); It != Records.rend(); ++It)
    if (Seen.insert(Key(*It)).second)
      Kept.push_back(*It);
  std::reverse(Kept.begin(), Kept.end());
  Records = std::move(Kept);
}

} // namespace

namespace {

// Parses a trace a line at a time, so that a file is read in chunks, never whole.
class LineParser {
public:
  explicit LineParser(llvm::StringRef Name) : Name(Name) { T.Path = Name.str(); }

  // False once nothing more is wanted: the header was bad (error()), or the usable
  // part ended.
  bool line(llvm::StringRef Line, bool Terminated) {
    ++LineNo;
    if (LineNo == 1) {
      HeaderError = readHeader(Line, Terminated, Name, T.Head);
      return !HeaderError;
    }
    if (!Terminated)
      return stop("the last line is incomplete");
    if (std::string Deep = jsonNestingError(Line); !Deep.empty())
      return stop("a line " + Deep);
    llvm::Expected<llvm::json::Value> V = llvm::json::parse(Line);
    if (!V)
      return stop("invalid JSON (" + llvm::toString(V.takeError()) + ")");
    const Object *O = V->getAsObject();
    std::optional<llvm::StringRef> Type = O ? O->getString("t") : std::nullopt;
    if (!Type || *Type == "header" || !readRecord(*Type, *O, T))
      ++T.MalformedRecords;
    return true;
  }

  llvm::Expected<Trace> finish() {
    if (HeaderError)
      return std::move(HeaderError);
    if (LineNo == 0)
      return rejected(Name, "the file is empty");
    keepLast(T.Stats, [](const LockStats &S) { return S.Lock; });
    keepLast(T.Sites,
             [](const LockSite &S) { return std::make_tuple(S.Lock, S.Holder, S.Stack); });
    // One line per file, whatever went wrong: damage implies the missing end record.
    if (!T.WriteError.empty())
      T.Problem = Name + ": cut short by a write error (" + T.WriteError +
                  "): what the process did after it is not in the trace";
    else if (T.StoppedAtLine != 0)
      T.Problem = llvm::formatv("{0}:{1}: {2}; ignored from there on, kept {3} lines{4}", Name,
                                T.StoppedAtLine, Damage, T.StoppedAtLine - 1,
                                T.Finish ? "" : " (no end record: killed or crashed?)");
    else if (!T.Finish)
      T.Problem = Name + ": ended without an end record (killed or crashed?)";
    return std::move(T);
  }

private:
  bool stop(std::string Why) {
    Damage = std::move(Why);
    T.StoppedAtLine = LineNo;
    return false;
  }

  std::string Name;
  Trace T;
  unsigned LineNo = 0;
  std::string Damage;
  llvm::Error HeaderError = llvm::Error::success();
};

} // namespace

llvm::Expected<Trace> parseTrace(llvm::StringRef Buffer, llvm::StringRef Name) {
  LineParser P(Name);
  for (llvm::StringRef Rest = Buffer; !Rest.empty();) {
    size_t NL = Rest.find('\n');
    bool Terminated = NL != llvm::StringRef::npos;
    llvm::StringRef Line = Rest.take_front(NL);
    Rest = Terminated ? Rest.drop_front(NL + 1) : llvm::StringRef();
    if (!P.line(Line, Terminated))
      break;
  }
  return P.finish();
}

llvm::Expected<Trace> readTraceFile(llvm::StringRef Path) {
  // A FIFO would hang the read and /dev/zero would never end: regular files only,
  // checked without opening them.
  llvm::sys::fs::file_status St;
  if (std::error_code EC = llvm::sys::fs::status(Path, St))
    return llvm::createStringError(EC, Path + ": cannot read: " + EC.message());
  if (!llvm::sys::fs::is_regular_file(St))
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": not a regular file; not read");
  if (St.getSize() > MaxTraceBytes)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   Path + ": larger than " +
                                       std::to_string(MaxTraceBytes >> 30) +
                                       " GiB; not read");
  llvm::Expected<llvm::sys::fs::file_t> F = llvm::sys::fs::openNativeFileForRead(Path);
  if (!F) {
    std::error_code EC = llvm::errorToErrorCode(F.takeError());
    return llvm::createStringError(EC, Path + ": cannot read: " + EC.message());
  }
  // Read in chunks and parse whole lines: memory stays the records kept, not the file.
  LineParser P(Path);
  std::string Pending; // a line begun in an earlier chunk
  std::vector<char> Chunk(1 << 20);
  bool More = true;
  while (More) {
    llvm::Expected<size_t> N =
        llvm::sys::fs::readNativeFile(*F, llvm::MutableArrayRef<char>(Chunk));
    if (!N) {
      llvm::sys::fs::closeFile(*F);
      std::error_code EC = llvm::errorToErrorCode(N.takeError());
      return llvm::createStringError(EC, Path + ": cannot read: " + EC.message());
    }
    if (*N == 0)
      break;
    llvm::StringRef Rest(Chunk.data(), *N);
    while (More && !Rest.empty()) {
      size_t NL = Rest.find('\n');
      if (NL == llvm::StringRef::npos) {
        Pending += Rest.str();
        break;
      }
      if (Pending.empty()) {
        More = P.line(Rest.take_front(NL), true);
      } else {
        Pending += Rest.take_front(NL).str();
        More = P.line(Pending, true);
        Pending.clear();
      }
      Rest = Rest.drop_front(NL + 1);
    }
  }
  llvm::sys::fs::closeFile(*F);
  if (More && !Pending.empty())
    P.line(Pending, false);
  return P.finish();
}

const std::vector<uint64_t> *Trace::findStack(unsigned Id) const {
  auto It = Stacks.find(Id);
  return It == Stacks.end() ? nullptr : &It->second;
}

const Lock *Trace::findLock(unsigned Id) const {
  auto It = Locks.find(Id);
  return It == Locks.end() ? nullptr : &It->second;
}

const Thread *Trace::findThread(unsigned Id) const {
  auto It = Threads.find(Id);
  return It == Threads.end() ? nullptr : &It->second;
}

const Module *Trace::findModule(uint64_t Address) const {
  // Few modules per process; a later record for an overlapping range (a dlclose and a
  // dlopen at the same place) is the newer mapping, so search from the back.
  for (auto It = Modules.rbegin(); It != Modules.rend(); ++It)
    if (Address >= It->Begin && Address < It->End)
      return &*It;
  return nullptr;
}

std::string Trace::option(llvm::StringRef Key) const {
  llvm::SmallVector<llvm::StringRef, 8> Pairs;
  llvm::StringRef(Head.Options).split(Pairs, ':', -1, /*KeepEmpty=*/false);
  std::string Value;
  for (llvm::StringRef P : Pairs) { // the last occurrence wins, as in the runtime
    auto [K, V] = P.split('=');
    if (K.trim() == Key)
      Value = V.str();
  }
  return Value;
}

std::string Trace::processName() const {
  llvm::StringRef Exe = Head.Exe.empty() && !Head.Argv.empty() ? Head.Argv[0] : Head.Exe;
  std::string Base = llvm::sys::path::filename(Exe).str();
  if (Base.empty())
    Base = "?";
  return Base + " (pid " + std::to_string(Head.Pid) + ")";
}

} // namespace trace
} // namespace lockgraph
