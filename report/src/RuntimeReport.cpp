// Builds the report of `lockgraph report` from runtime traces: each trace finding
// becomes a Finding (one builder per trace, which knows that process's modules, locks
// and threads), suppressed ones are dropped, and equal fingerprints from different
// processes are merged into one Finding that counts and names the processes.
#include "lockgraph/RuntimeReport.h"

#include "lockgraph/Fingerprint.h"
#include "lockgraph/TraceSymbolizer.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <map>
#include <set>

namespace lockgraph {
namespace {

// Deeper program frames shown under a site ("called from ...").
constexpr size_t MaxCallerNotes = 6;
// Processes named in the "seen in" note.
constexpr size_t MaxProcessesNamed = 10;

// "bank.c:41 in transfer()", "bank.c:41", else what the frame can say of itself.
std::string placeOf(const SymbolizedFrame &F) {
  if (F.File.empty())
    return F.display();
  std::string Out = llvm::sys::path::filename(F.File).str() + ":" + std::to_string(F.Line);
  if (!F.Function.empty())
    Out += " in " + displayFunction(F.Function);
  return Out;
}

// One stack, symbolized, and the frame that stands for it: the first one in the
// program's own code, preferably with a source line.
struct Site {
  std::vector<SymbolizedFrame> Frames;
  size_t Index = 0; // into Frames; meaningless when Frames is empty

  bool empty() const { return Frames.empty(); }
  const SymbolizedFrame *frame() const { return Frames.empty() ? nullptr : &Frames[Index]; }
  SourceLocation loc() const {
    SourceLocation L;
    if (const SymbolizedFrame *F = frame(); F && !F->File.empty()) {
      L.File = F->File;
      L.Line = F->Line;
      L.Column = F->Column;
    }
    return L;
  }
  std::string function() const { return frame() ? frame()->Function : ""; }
  // "bank.c:41 in transfer()", for messages.
  std::string where() const {
    const SymbolizedFrame *F = frame();
    if (!F)
      return "an unknown place";
    return placeOf(*F);
  }
  // The fingerprint key: no address or line, so it survives rebuilds and code motion.
  std::string key() const {
    const SymbolizedFrame *F = frame();
    if (!F)
      return "?";
    if (F->Function.empty() && F->File.empty()) // no symbols at all: best effort
      return llvm::sys::path::filename(F->Module).str() + "+0x" +
             llvm::utohexstr(F->Offset, /*LowerCase=*/true);
    return F->Function + "|" + llvm::sys::path::filename(F->File).str();
  }
};

// A system header's code inlined into the program: `std::mutex::lock()` reaches
// pthread through libstdc++'s gthr-default.h, compiled into the user's binary. Not the
// line a user fixes, nor a SARIF URI inside their repository.
bool inSystemHeader(const SymbolizedFrame &F) {
  if (F.File.empty())
    return false;
  llvm::SmallString<256> Path(F.File);
  llvm::sys::path::remove_dots(Path, /*remove_dot_dot=*/true);
  llvm::StringRef P(Path);
  return P.starts_with("/usr/include/") || P.starts_with("/usr/lib/gcc/") ||
         P.starts_with("/usr/lib/llvm-");
}

// The frame that stands for a stack: the first in the user's own code (a program
// frame with a source line, outside system headers); else the first program frame
// with a line; else the first program frame.
Site pickSite(std::vector<SymbolizedFrame> Frames) {
  Site S;
  S.Frames = std::move(Frames);
  size_t FirstProgram = S.Frames.size(), FirstWithLine = S.Frames.size();
  for (size_t I = 0; I < S.Frames.size(); ++I) {
    if (!isProgramFrame(S.Frames[I]))
      continue;
    if (FirstProgram == S.Frames.size())
      FirstProgram = I;
    if (S.Frames[I].File.empty())
      continue;
    if (FirstWithLine == S.Frames.size())
      FirstWithLine = I;
    if (!inSystemHeader(S.Frames[I])) {
      S.Index = I;
      return S;
    }
  }
  S.Index = FirstWithLine < S.Frames.size() ? FirstWithLine
            : FirstProgram < S.Frames.size() ? FirstProgram
                                             : 0;
  return S;
}

std::string joinAnd(const std::vector<std::string> &Items) {
  if (Items.size() <= 1)
    return Items.empty() ? "" : Items[0];
  std::string Out;
  for (size_t I = 0; I + 1 < Items.size(); ++I)
    Out += (I ? ", " : "") + Items[I];
  return Out + " and " + Items.back();
}

// Turns the findings of one trace into Findings.
class TraceFindingBuilder {
public:
  TraceFindingBuilder(const trace::Trace &T, TraceSymbolizer &Sym) : T(T), Sym(Sym) {}

  // The Finding, and in Subjects every function, file and module of its stacks (what
  // suppressions match against).
  Finding build(const trace::Finding &TF, std::vector<std::string> &Subjects);
  LockEdge graphEdge(const trace::Edge &E);
  // Adds this process's lock statistics; Subjects gets each lock's key and what its
  // sites' frames name (for suppressions).
  void addContention(ContentionMerge &M,
                     std::map<std::string, std::vector<std::string>> &Subjects);

private:
  Site site(unsigned StackId);
  std::string lockName(unsigned Id);
  std::string lockDescription(unsigned Id);
  std::string threadName(unsigned Id) const;
  void addSiteNotes(Finding &F, const Site &S, const std::string &Message);
  static std::vector<RelatedLocation> callers(const Site &S);
  void buildInversion(Finding &F, const trace::Finding &TF, std::vector<std::string> &Keys);
  void buildDeadlock(Finding &F, const trace::Finding &TF, std::vector<std::string> &Keys);
  void buildLeak(Finding &F, const trace::Finding &TF, std::vector<std::string> &Keys);
  void buildBusyWait(Finding &F, const trace::Finding &TF, std::vector<std::string> &Keys);
  void buildLivelock(Finding &F, const trace::Finding &TF, std::vector<std::string> &Keys);
  void buildStarvation(Finding &F, const trace::Finding &TF, std::vector<std::string> &Keys);
  LockEdge cycleEdge(const trace::DeadlockThread &D, const Site &Wait, const Site &Hold);
  LockEdge edgeBetween(unsigned From, unsigned To, const Site &At, const Site &Held);
  // "the lock's holder T2" notes at the place the holder took it, when known.
  void addHolderNotes(Finding &F, unsigned Owner, unsigned OwnerStack, unsigned Lock);
  void setPrimary(Finding &F, const Site &S);
  void nameLocks();

  const trace::Trace &T;
  TraceSymbolizer &Sym;
  std::vector<std::string> *Subjects = nullptr; // of the finding being built
  struct LockNames {
    std::string Name;        // "mutex@bank.c:41", unique in this trace
    std::string Description; // "mutex acquired at bank.c:41 in transfer()"
    // The same in every process: its variable; "" for a lock with none (where a
    // heap lock is first used depends on which thread got there first).
    std::string Key;
  };
  std::string lockKey(unsigned Id);
  // Names every lock of the trace on first use: a trace with no finding (and a report
  // without the lock graph) symbolizes nothing.
  const LockNames *names(unsigned Id);
  std::map<unsigned, LockNames> Names;
  bool Named = false;
  std::map<unsigned, Site> Sites; // by stack id
};

Site TraceFindingBuilder::site(unsigned StackId) {
  // Many edges share a stack (a thread holding N locks adds N edges per acquisition,
  // each from a stack of those N): symbolize each stack once.
  auto [It, New] = Sites.try_emplace(StackId);
  if (New)
    It->second = pickSite(Sym.symbolizeStack(T, StackId));
  const Site &S = It->second;
  if (Subjects)
    for (const SymbolizedFrame &F : S.Frames)
      for (const std::string *Subject : {&F.Function, &F.File, &F.Module})
        if (!Subject->empty())
          Subjects->push_back(*Subject);
  return S;
}

// sizeof the lock type of a trace lock kind (x86-64 glibc), to name array elements.
uint64_t lockTypeSize(const std::string &Kind) {
  if (Kind == "mutex" || Kind == "c11-mutex")
    return 40;
  if (Kind == "rwlock")
    return 56;
  if (Kind == "spinlock")
    return 4;
  if (Kind == "semaphore")
    return 32;
  return 0;
}

// Locks have no names at run time; the place of their first use is what a reader
// recognizes, and what stays the same between processes.
void TraceFindingBuilder::nameLocks() {
  std::map<std::string, unsigned> Uses;
  for (const auto &[Id, L] : T.Locks) {
    Site S = pickSite(Sym.symbolizeStack(T, L.Stack));
    std::string Kind = L.Kind.empty() ? "lock" : L.Kind;
    LockNames N;
    std::string Var = Sym.symbolizeGlobal(T, L.Addr, lockTypeSize(L.Kind));
    if (!Var.empty()) {
      // A global or static lock: its variable is its name.
      N.Name = Kind + " " + Var;
      N.Description = Kind + " " + Var;
      N.Key = "var:" + Var;
      if (const SymbolizedFrame *F = S.frame())
        N.Description += " (first taken at " + placeOf(*F) + ")";
    } else if (const SymbolizedFrame *F = S.frame()) {
      N.Name = Kind + "@" +
               (F->File.empty()
                    ? F->display()
                    : llvm::sys::path::filename(F->File).str() + ":" + std::to_string(F->Line));
      N.Description = Kind + " acquired at " + placeOf(*F);
    } else {
      N.Name = Kind + "@0x" + llvm::utohexstr(L.Addr, /*LowerCase=*/true);
      N.Description = Kind + " at 0x" + llvm::utohexstr(L.Addr, /*LowerCase=*/true);
    }
    ++Uses[N.Name];
    Names[Id] = std::move(N);
  }
  // Two locks first taken on the same line (an array, a struct per account): keep them
  // apart by their id, or the graph would show one node.
  for (auto &[Id, N] : Names)
    if (Uses[N.Name] > 1) {
      N.Name += " #" + std::to_string(Id);
      N.Description += " (#" + std::to_string(Id) + ")";
    }
}

const TraceFindingBuilder::LockNames *TraceFindingBuilder::names(unsigned Id) {
  if (!Named) {
    Named = true;
    nameLocks();
  }
  auto It = Names.find(Id);
  return It != Names.end() ? &It->second : nullptr;
}

std::string TraceFindingBuilder::lockName(unsigned Id) {
  const LockNames *N = names(Id);
  return N ? N->Name : "lock #" + std::to_string(Id);
}

std::string TraceFindingBuilder::lockKey(unsigned Id) {
  const LockNames *N = names(Id);
  return N ? N->Key : "";
}

std::string TraceFindingBuilder::lockDescription(unsigned Id) {
  const LockNames *N = names(Id);
  return N ? N->Description : "lock #" + std::to_string(Id);
}

std::string TraceFindingBuilder::threadName(unsigned Id) const {
  std::string Out = "thread " + std::to_string(Id);
  if (const trace::Thread *Th = T.findThread(Id); Th && !Th->Name.empty())
    Out += " (" + Th->Name + ")";
  return Out;
}

// A note at the site, then one per deeper program frame: the call path a reader follows.
void TraceFindingBuilder::addSiteNotes(Finding &F, const Site &S, const std::string &Message) {
  F.Notes.push_back(RelatedLocation{
      S.loc(), Message + (S.loc().valid() || S.empty() ? "" : " (" + S.where() + ")")});
  // The library code it went through (std::unique_lock, std::mutex::lock): the whole
  // stack stays in the notes, the user's line first.
  for (size_t I = 0; I < S.Index && I < S.Frames.size(); ++I)
    if (isProgramFrame(S.Frames[I]) && inSystemHeader(S.Frames[I]))
      F.Notes.push_back(RelatedLocation{SourceLocation(),
                                        "through " + placeOf(S.Frames[I])});
  for (RelatedLocation &Caller : callers(S))
    F.Notes.push_back(std::move(Caller));
}

// The program frames that called the site's function, innermost first, at most
// MaxCallerNotes of them.
std::vector<RelatedLocation> TraceFindingBuilder::callers(const Site &S) {
  std::vector<RelatedLocation> Out;
  for (size_t I = S.Index + 1; I < S.Frames.size() && Out.size() < MaxCallerNotes; ++I) {
    const SymbolizedFrame &Fr = S.Frames[I];
    if (!isProgramFrame(Fr))
      continue;
    Site Caller;
    Caller.Frames = {Fr};
    // Located notes print their file:line already; others say where they are.
    std::string From = Caller.loc().valid() ? displayFunction(Fr.Function) : Fr.display();
    Out.push_back(RelatedLocation{Caller.loc(), "called from " + From});
  }
  return Out;
}

void TraceFindingBuilder::setPrimary(Finding &F, const Site &S) {
  F.Primary = S.loc();
  F.Function = S.function();
  // Without debug info the binary is the place to name: SARIF needs a location on
  // every result, and the text output still prints none (no line).
  if (const SymbolizedFrame *Fr = S.frame(); Fr && F.Primary.File.empty())
    F.Primary.File = Fr->Module;
}

void TraceFindingBuilder::buildInversion(Finding &F, const trace::Finding &TF,
                                         std::vector<std::string> &Keys) {
  std::vector<std::string> Descriptions;
  for (size_t I = 0; I < TF.Cycle.size(); ++I) {
    const trace::Edge &E = TF.Cycle[I];
    Site From = site(E.StackFrom), To = site(E.StackTo);
    std::string FromName = lockName(E.From), ToName = lockName(E.To);
    if (I == 0)
      setPrimary(F, To);
    F.Locks.push_back(FromName);
    Descriptions.push_back(lockDescription(E.From));
    Keys.push_back(From.key());
    Keys.push_back(To.key());
    // Inversions through one wrapper share its lines: named locks keep them apart.
    if (std::string Key = lockKey(E.From); !Key.empty())
      Keys.push_back(Key);

    LockEdge LE;
    LE.From = FromName;
    LE.To = ToName;
    LE.Site = To.loc();
    LE.HeldSite = From.loc();
    LE.Function = To.function();
    LE.InCycle = true;
    F.Edges.push_back(LE);

    std::string Who = threadName(E.Thread);
    F.Flows.push_back(
        Flow{FlowStep{From.loc(), Who + " acquired " + FromName, From.function(), callers(From)},
             FlowStep{To.loc(), Who + " requested " + ToName + " while holding " + FromName,
                      To.function(), callers(To)}});
    addSiteNotes(F, To,
                 Who + " requested " + ToName + " while holding " + FromName + ", acquired at " +
                     From.where());
  }
  F.Message = "lock-order inversion between " + joinAnd(Descriptions);
  if (TF.Length > TF.Cycle.size())
    F.Message += " (a cycle of " + std::to_string(TF.Length) + " locks; the first " +
                 std::to_string(TF.Cycle.size()) + " are shown)";
}

void TraceFindingBuilder::buildDeadlock(Finding &F, const trace::Finding &TF,
                                        std::vector<std::string> &Keys) {
  std::vector<std::string> Threads, Waited;
  for (size_t I = 0; I < TF.Threads.size(); ++I) {
    const trace::DeadlockThread &D = TF.Threads[I];
    Site Wait = site(D.WaitStack), Hold = site(D.HoldStack);
    if (I == 0)
      setPrimary(F, Wait);
    Threads.push_back(threadName(D.Thread));
    Waited.push_back(lockDescription(D.WaitsFor));
    F.Locks.push_back(lockName(D.WaitsFor));
    Keys.push_back(Wait.key());
    if (D.Holds != 0)
      Keys.push_back(Hold.key());
    addSiteNotes(F, Wait,
                 threadName(D.Thread) + " waits for " + lockName(D.WaitsFor) + ", held by " +
                     threadName(D.Owner));
    if (D.Holds == 0)
      continue;
    addSiteNotes(F, Hold, threadName(D.Thread) + " acquired " + lockName(D.Holds) + " here");
    LockEdge LE = cycleEdge(D, Wait, Hold);
    F.Edges.push_back(LE);
    F.Flows.push_back(
        Flow{FlowStep{Hold.loc(), threadName(D.Thread) + " acquired " + LE.From, Hold.function(),
                      callers(Hold)},
             FlowStep{Wait.loc(), threadName(D.Thread) + " waits for " + LE.To, Wait.function(),
                      callers(Wait)}});
  }
  if (TF.Orphan && !TF.Threads.empty())
    F.Message = "deadlock: " + Threads[0] + " waits for " + Waited[0] + ", whose owner " +
                threadName(TF.Threads[0].Owner) + " exited without releasing it";
  else
    F.Message = "deadlock: " + joinAnd(Threads) + " wait for each other (" + joinAnd(Waited) + ")";
}

// The edge a thread of a deadlock or livelock stands for: it holds Holds (taken at
// Hold) and waits for, or keeps trying, WaitsFor (at Wait).
LockEdge TraceFindingBuilder::cycleEdge(const trace::DeadlockThread &D, const Site &Wait,
                                        const Site &Hold) {
  LockEdge LE = edgeBetween(D.Holds, D.WaitsFor, Wait, Hold);
  LE.InCycle = true;
  return LE;
}

// From -> To: To requested at At while From (taken at Held) was held.
LockEdge TraceFindingBuilder::edgeBetween(unsigned From, unsigned To, const Site &At,
                                          const Site &Held) {
  LockEdge LE;
  LE.From = lockName(From);
  LE.To = lockName(To);
  LE.Site = At.loc();
  LE.HeldSite = Held.loc();
  LE.Function = At.function();
  return LE;
}

void TraceFindingBuilder::addHolderNotes(Finding &F, unsigned Owner, unsigned OwnerStack,
                                         unsigned Lock) {
  if (!OwnerStack)
    return;
  std::string Who = Owner == 0xffffffffu ? "its holder" : threadName(Owner);
  addSiteNotes(F, site(OwnerStack), Who + " took " + lockName(Lock) + " here");
}

void TraceFindingBuilder::buildBusyWait(Finding &F, const trace::Finding &TF,
                                        std::vector<std::string> &Keys) {
  Site Loop = site(TF.Stack);
  setPrimary(F, Loop);
  Keys = {TF.Kind, Loop.key()};
  std::string Who = threadName(TF.Thread);
  std::string Cpu = " (" + formatDuration(TF.CpuNs) + " of CPU)";
  if (TF.Kind == "trylock") {
    F.Locks = {lockName(TF.Lock)};
    F.Message = "busy-wait: " + Who + " failed to trylock " + lockDescription(TF.Lock) + " " +
                std::to_string(TF.Rounds) + " times in a row over " +
                formatDuration(TF.ElapsedNs) + Cpu +
                " without blocking: wait for it (lock it, or wait on a condition) instead";
    addSiteNotes(F, Loop, "the trylock that keeps failing");
    addHolderNotes(F, TF.Owner, TF.OwnerStack, TF.Lock);
  } else if (TF.Kind == "spin") {
    F.Locks = {lockName(TF.Lock)};
    F.Message = "busy-wait: " + Who + " spun " + formatDuration(TF.ElapsedNs) + " on " +
                lockDescription(TF.Lock) +
                ": a spinlock held that long should be a mutex, or held for less";
    addSiteNotes(F, Loop, "spins here");
    addHolderNotes(F, TF.Owner, TF.OwnerStack, TF.Lock);
  } else {
    bool Yield = TF.Kind == "yield";
    std::string Each =
        Yield ? "" : ", " + formatDuration(TF.SleptNs / std::max<uint64_t>(TF.Rounds, 1)) + " each";
    F.Message = "busy-wait: " + Who + " polls: " + std::to_string(TF.Rounds) +
                (Yield ? " sched_yield calls" : " short sleeps") + " in a row from here" +
                Each + ", over " + formatDuration(TF.ElapsedNs) + Cpu +
                ", without blocking in between: wait on a condition variable, a semaphore "
                "or a pipe that the other side signals instead";
    addSiteNotes(F, Loop, Yield ? "yields here" : "sleeps here");
  }
}

void TraceFindingBuilder::buildLivelock(Finding &F, const trace::Finding &TF,
                                        std::vector<std::string> &Keys) {
  std::vector<std::string> Threads;
  for (size_t I = 0; I < TF.Threads.size(); ++I) {
    const trace::DeadlockThread &D = TF.Threads[I];
    Site Try = site(D.WaitStack), Hold = site(D.HoldStack);
    if (I == 0)
      setPrimary(F, Try);
    Threads.push_back(threadName(D.Thread));
    F.Locks.push_back(lockName(D.WaitsFor));
    Keys.push_back(Try.key());
    addSiteNotes(F, Try, threadName(D.Thread) + " failed to trylock " + lockName(D.WaitsFor) +
                             " " + std::to_string(D.Rounds) + " times in a row, held by " +
                             threadName(D.Owner));
    if (D.HoldStack)
      addSiteNotes(F, Hold, threadName(D.Thread) + " took " + lockName(D.Holds) + " here");
    F.Edges.push_back(cycleEdge(D, Try, Hold));
  }
  F.Message = "livelock: " + joinAnd(Threads) +
              " keep failing trylocks on locks the other" + (Threads.size() > 2 ? "s" : "") +
              " hold, backing off and retrying, and none gets through: take the locks in "
              "one order, or back off for a random time";
}

void TraceFindingBuilder::buildStarvation(Finding &F, const trace::Finding &TF,
                                          std::vector<std::string> &Keys) {
  Site Wait = site(TF.Stack);
  setPrimary(F, Wait);
  Keys = {Wait.key()};
  F.Locks = {lockName(TF.Lock)};
  F.Message = "starvation: " + threadName(TF.Thread) + " waited " +
              formatDuration(TF.WaitedNs) + (TF.Shared ? " to read-lock " : " for ") +
              lockDescription(TF.Lock) + " while other threads acquired it " +
              std::to_string(TF.Overtakes) +
              " times: a lock that lets newcomers in ahead of waiters (a reader-preferring "
              "rwlock, a barging mutex) can make a thread wait forever";
  addSiteNotes(F, Wait, threadName(TF.Thread) + " waits here");
  addHolderNotes(F, TF.Owner, TF.OwnerStack, TF.Lock);
}

void TraceFindingBuilder::buildLeak(Finding &F, const trace::Finding &TF,
                                    std::vector<std::string> &Keys) {
  Keys.push_back(TF.Reason);
  Site End = site(TF.Stack);
  std::vector<Site> Acquired;
  std::vector<std::string> Descriptions;
  for (const trace::HeldLock &L : TF.Locks) {
    Acquired.push_back(site(L.Stack));
    Keys.push_back(Acquired.back().key());
    F.Locks.push_back(lockName(L.Lock));
    Descriptions.push_back(lockDescription(L.Lock));
  }
  // The place the lock should have been released is the line to fix when it is in the
  // program; a thread exit inside the C library is not, so the acquisition stands in.
  bool EndInProgram = End.frame() && isProgramFrame(*End.frame());
  if (EndInProgram || Acquired.empty())
    setPrimary(F, End);
  else
    setPrimary(F, Acquired[0]);
  bool Destroyed = TF.Reason == "destroyed-while-held";
  bool Abort = TF.Reason == "abort";
  if (Destroyed)
    F.Message = joinAnd(Descriptions) + " destroyed while held by " + threadName(TF.Thread);
  else if (Abort)
    F.Message = threadName(TF.Thread) + " aborted the process holding " + joinAnd(Descriptions);
  else
    F.Message = threadName(TF.Thread) + " exited holding " + joinAnd(Descriptions);
  if (!End.empty())
    addSiteNotes(F, End, Destroyed ? "destroyed here"
                         : Abort   ? "abort() called here"
                                   : "the thread exited here");
  for (size_t I = 0; I < Acquired.size(); ++I)
    addSiteNotes(F, Acquired[I], F.Locks[I] + " acquired here");
}

Finding TraceFindingBuilder::build(const trace::Finding &TF,
                                   std::vector<std::string> &SubjectsOut) {
  Subjects = &SubjectsOut;
  Finding F;
  F.RuleId = TF.Rule;
  F.Origin = "runtime";
  std::vector<std::string> Keys;
  if (TF.Rule == "lock-order-inversion") {
    buildInversion(F, TF, Keys);
  } else if (TF.Rule == "deadlock") {
    buildDeadlock(F, TF, Keys);
  } else if (TF.Rule == "lock-leak") {
    buildLeak(F, TF, Keys);
  } else if (TF.Rule == "busy-wait") {
    buildBusyWait(F, TF, Keys);
  } else if (TF.Rule == "livelock") {
    buildLivelock(F, TF, Keys);
  } else if (TF.Rule == "starvation") {
    buildStarvation(F, TF, Keys);
  } else if (TF.Rule == "double-lock") {
    Site Again = site(TF.Stack), First = site(TF.FirstStack);
    setPrimary(F, Again);
    Keys = {Again.key(), First.key()};
    F.Locks = {lockName(TF.Lock)};
    F.Message = lockDescription(TF.Lock) + " locked again by " + threadName(TF.Thread) +
                ", which already holds it";
    addSiteNotes(F, Again, "locked again here");
    addSiteNotes(F, First, "first acquired here");
  } else if (TF.Rule == "bad-unlock") {
    Site At = site(TF.Stack);
    setPrimary(F, At);
    Keys = {At.key()};
    if (TF.Lock == 0) {
      F.Message = "unlock of 0x" + llvm::utohexstr(TF.Addr, /*LowerCase=*/true) +
                  ", which was never locked";
    } else {
      F.Locks = {lockName(TF.Lock)};
      F.Message = "unlock of " + lockDescription(TF.Lock) + " by " + threadName(TF.Thread) +
                  ", which does not hold it";
    }
    addSiteNotes(F, At, "unlocked here");
  } else {
    // A rule this lockgraph does not know (a newer runtime): its own words and stack.
    Site At = site(TF.Stack);
    setPrimary(F, At);
    Keys = {At.key(), TF.Message};
    F.Message = TF.Message.empty() ? TF.Rule : TF.Message;
    if (!At.empty())
      addSiteNotes(F, At, "reported here");
  }
  // A set: the same site twice (both locks taken in one function) counts once, and the
  // rotation of a cycle does not matter.
  std::set<std::string> Unique(Keys.begin(), Keys.end());
  F.Fingerprint =
      computeFingerprint(F.RuleId, std::vector<std::string>(Unique.begin(), Unique.end()));
  Subjects = nullptr;
  return F;
}

void TraceFindingBuilder::addContention(
    ContentionMerge &M, std::map<std::string, std::vector<std::string>> &SubjectsByLock) {
  const uint64_t ThreadNs = T.Finish ? T.Finish->ThreadNs : 0;
  auto KeyOf = [&](unsigned Id) {
    const LockNames *N = names(Id);
    return N ? (N->Key.empty() ? N->Name : N->Key) : "lock#" + std::to_string(Id);
  };
  // Only locks some thread waited for: naming a lock symbolizes it, which costs a
  // debug-info lookup per lock (a Python interpreter makes thousands). A lock's row
  // therefore adds up the processes in which it was waited for.
  std::set<unsigned> Waited;
  for (const trace::LockStats &S : T.Stats) {
    if (!S.Contended)
      continue;
    Waited.insert(S.Lock);
    std::string Key = KeyOf(S.Lock);
    LockContention &L = M.lock(Key);
    if (L.Name.empty()) {
      L.Name = lockName(S.Lock);
      auto It = T.Locks.find(S.Lock);
      L.Kind = It == T.Locks.end() ? "" : It->second.Kind;
      if (It != T.Locks.end())
        L.FirstUse = pickSite(Sym.symbolizeStack(T, It->second.Stack)).loc();
    }
    L.Acquisitions += S.Acquisitions;
    L.Shared += S.Shared;
    L.OwnerChanges += S.OwnerChanges;
    L.Contended += S.Contended;
    L.WaitNs += S.WaitNs;
    L.MaxWaitNs = std::max(L.MaxWaitNs, S.MaxWaitNs);
    L.HoldSamples += S.HoldSamples;
    L.HoldNs += S.HoldNs;
    L.MaxHoldNs = std::max(L.MaxHoldNs, S.MaxHoldNs);
    L.ThreadNs += ThreadNs;
    ++L.Processes;
    SubjectsByLock[Key].push_back(L.Name);
  }
  for (const trace::LockSite &S : T.Sites) {
    if (!Waited.count(S.Lock))
      continue;
    std::vector<std::string> Frames;
    Subjects = &Frames;
    Site At = site(S.Stack);
    Subjects = nullptr;
    ContentionSite CS;
    CS.Where = At.where();
    CS.Loc = At.loc();
    CS.Function = At.function();
    CS.Count = S.Count;
    CS.WaitNs = S.WaitNs;
    CS.MaxWaitNs = S.MaxWaitNs;
    std::string Key = KeyOf(S.Lock);
    M.addSite(M.lock(Key), S.Holder, CS);
    auto &Into = SubjectsByLock[Key];
    Into.insert(Into.end(), Frames.begin(), Frames.end());
  }
}

LockEdge TraceFindingBuilder::graphEdge(const trace::Edge &E) {
  return edgeBetween(E.From, E.To, site(E.StackTo), site(E.StackFrom));
}

// A trace's header may name a suppressions file (`suppressions=FILE` in its options).
// A trace is input, maybe from someone else: the report reads no file it names. The
// file is used only when the user passed the same one (then it applies already); a
// different one gets one warning line, without its content.
class HeaderSuppressions {
public:
  explicit HeaderSuppressions(const std::string &UserFile) : User(realPath(UserFile)) {}
  void check(const trace::Trace &T, std::vector<std::string> &Warnings) {
    std::string Path = T.option("suppressions");
    if (Path.empty() || (!User.empty() && realPath(Path) == User) || !Warned.insert(Path).second)
      return;
    Warnings.push_back(T.Path + ": its options name the suppressions file '" + Path +
                       "', which is not read from a trace (pass it with --suppressions)");
  }

private:
  static std::string realPath(const std::string &P) {
    llvm::SmallString<256> Real;
    if (P.empty() || llvm::sys::fs::real_path(P, Real))
      return P;
    return std::string(Real);
  }
  std::string User;
  std::set<std::string> Warned;
};

// One bug, one finding: a deadlock that happened is the lock-order inversion of the
// same locks, hit. The runtime reports the inversion first (when the second order is
// requested) and the deadlock a moment later; the deadlock keeps the cycle and says
// that the inversion was the warning.
void absorbInversions(std::vector<Finding> &Findings) {
  auto LockSet = [](const Finding &F) {
    return std::set<std::string>(F.Locks.begin(), F.Locks.end());
  };
  std::vector<bool> Absorbed(Findings.size());
  for (Finding &D : Findings) {
    if (D.RuleId != "deadlock" || D.Locks.size() < 2)
      continue;
    std::set<std::string> Locks = LockSet(D);
    for (size_t I = 0; I < Findings.size(); ++I) {
      const Finding &Inv = Findings[I];
      if (Absorbed[I] || Inv.RuleId != "lock-order-inversion" || LockSet(Inv) != Locks)
        continue;
      Absorbed[I] = true;
      D.Notes.push_back(RelatedLocation{
          SourceLocation(), "the lock-order inversion that led to it was seen first: " +
                                Inv.Message});
    }
  }
  size_t Kept = 0;
  for (size_t I = 0; I < Findings.size(); ++I)
    if (!Absorbed[I]) {
      if (Kept != I)
        Findings[Kept] = std::move(Findings[I]);
      ++Kept;
    }
  Findings.resize(Kept);
}

} // namespace

bool formatShowsGraph(const std::string &Format) {
  return Format == "json" || Format == "dot" || Format == "html";
}

RuntimeReport buildRuntimeReport(const std::vector<trace::Trace> &Traces,
                                 const SuppressionList &Suppressions, TraceSymbolizer &Symbolizer,
                                 bool WithGraph, const ContentionOptions &Contention,
                                 const std::string &SuppressionsFile) {
  RuntimeReport Out;
  ContentionMerge Stats;
  std::map<std::string, std::vector<std::string>> StatsSubjects; // by lock key
  HeaderSuppressions FromHeaders(SuppressionsFile);
  std::map<std::string, size_t> ByFingerprint;  // -> index in Out.R.Findings
  std::vector<std::vector<std::string>> SeenBy; // per finding: processes
  std::vector<size_t> LastTrace;                // per finding: last trace seen in
  std::map<std::pair<std::string, std::string>, size_t> GraphIndex; // (from, to)

  for (size_t TraceIndex = 0; TraceIndex < Traces.size(); ++TraceIndex) {
    const trace::Trace &T = Traces[TraceIndex];
    TraceFindingBuilder Builder(T, Symbolizer);
    FromHeaders.check(T, Out.Warnings);
    ProcessOutcome P;
    P.Path = T.Path;
    P.Pid = T.Head.Pid;
    P.Finish = T.Finish ? &*T.Finish : nullptr;
    std::string Process = T.processName();
    std::vector<Finding> Built;
    for (const trace::Finding &TF : T.Findings) {
      ++P.Findings;
      std::vector<std::string> Subjects;
      Finding F = Builder.build(TF, Subjects);
      if (Suppressions.match(F.RuleId, Subjects)) {
        ++P.Suppressed;
        continue;
      }
      Built.push_back(std::move(F));
    }
    absorbInversions(Built);
    for (Finding &F : Built) {
      auto [It, New] = ByFingerprint.try_emplace(F.Fingerprint, Out.R.Findings.size());
      if (New) {
        Out.R.Findings.push_back(std::move(F));
        SeenBy.emplace_back();
        LastTrace.push_back(Traces.size());
      }
      // Count processes, not reports: one process may hit the same bug on many paths.
      if (LastTrace[It->second] != TraceIndex) {
        LastTrace[It->second] = TraceIndex;
        SeenBy[It->second].push_back(Process);
      }
    }
    if (!T.Stats.empty()) {
      Out.R.HasLockStats = true;
      Builder.addContention(Stats, StatsSubjects);
    }
    if (WithGraph)
      for (const trace::Edge &E : T.Edges) {
        LockEdge LE = Builder.graphEdge(E);
        auto Key = std::make_pair(LE.From, LE.To);
        if (GraphIndex.try_emplace(Key, Out.R.Graph.size()).second)
          Out.R.Graph.push_back(std::move(LE));
      }
    Out.Processes.push_back(P);
  }
  Out.R.Processes = Out.Processes.size();

  for (size_t I = 0; I < Out.R.Findings.size(); ++I) {
    Finding &F = Out.R.Findings[I];
    const std::vector<std::string> &Seen = SeenBy[I];
    F.Count = Seen.size();
    std::string Note = "seen in " + std::to_string(Seen.size()) +
                       (Seen.size() == 1 ? " process: " : " processes: ");
    for (size_t J = 0; J < Seen.size() && J < MaxProcessesNamed; ++J)
      Note += (J ? ", " : "") + Seen[J];
    if (Seen.size() > MaxProcessesNamed)
      Note += " and " + std::to_string(Seen.size() - MaxProcessesNamed) + " more";
    F.Notes.push_back(RelatedLocation{SourceLocation(), Note});
    // The DOT writer draws Report::Graph: mark the edges the findings' cycles use.
    for (const LockEdge &E : F.Edges) {
      auto It = GraphIndex.find({E.From, E.To});
      if (It != GraphIndex.end())
        Out.R.Graph[It->second].InCycle = true;
      else {
        GraphIndex[{E.From, E.To}] = Out.R.Graph.size();
        Out.R.Graph.push_back(E);
      }
    }
  }
  // Contention: a note per lock past the thresholds (after the per-process notes
  // above: its own notes say how many processes used the lock), suppressible by the
  // lock's variable or its sites' functions.
  Out.R.Contention = std::move(Stats).ranked();
  Out.R.ContentionRows = Contention.TableRows;
  for (Finding &F : contentionFindings(Out.R.Contention, Contention)) {
    const LockContention &L = Out.R.Contention[size_t(F.ContentionIndex)];
    const std::vector<std::string> &Subjects = StatsSubjects[L.Key];
    if (Suppressions.match(F.RuleId, Subjects))
      continue;
    // One bug, one finding: a starved thread's long wait is most of its lock's
    // contention; the starvation finding says how long the lock made threads wait.
    auto Starved = llvm::find_if(Out.R.Findings, [&](const Finding &S) {
      return S.RuleId == "starvation" && S.Locks == F.Locks;
    });
    if (Starved != Out.R.Findings.end()) {
      Starved->Notes.push_back({SourceLocation(), "all threads waited " +
                                                      formatDuration(L.WaitNs) + " for " + L.Name +
                                                      " in total (the contention table has it)"});
      continue;
    }
    Out.R.Findings.push_back(std::move(F));
  }
  Out.Warnings = [&] {
    std::vector<std::string> W = Symbolizer.takeWarnings();
    W.insert(W.end(), Out.Warnings.begin(), Out.Warnings.end());
    return W;
  }();
  return Out;
}

} // namespace lockgraph
