// TraceWriter: the writing side of the runtime trace (docs/trace-format.md): one
// JSON Lines file per process, DIR/lockgraph.<exe>.<pid>.trace, append-only.
//
// Contract:
// - No locking inside. Callers serialize every call (the runtime holds its own
//   spinlock around each one), including flush() from the watchdog thread.
// - libc only, no malloc: the buffer is pageAlloc'd memory. Nothing here calls an
//   intercepted pthread function (writeModules() uses dl_iterate_phdr, whose loader
//   lock is glibc-internal, not the public pthread_mutex_lock).
// - Records are buffered and written with write(2) by flush(), automatically at the
//   end of any record once more than kAutoFlushBytes are buffered. flush() writes
//   complete lines only, so a crash leaves whole records on disk. Only when memory is
//   exhausted does a record get written in pieces (rather than dropped).
// - Every record method is a no-op while the writer is not open. A zero-initialized
//   TraceWriter (a global, or `TraceWriter W{};`) is a closed writer.
// - The caller decides what to write and in which order (a record must not refer to
//   an id whose defining record is not already in the file); the writer only renders.
#pragma once

#include <cstddef>
#include <cstdint>

#include "LockStats.h"

namespace lockgraph {
namespace rt {

struct TraceHeader {
  int Pid;
  int PPid;
  const char *Exe;          // /proc/self/exe resolved (see readSelfExe)
  const char *const *Argv;  // Argc entries (null entries are written as "")
  int Argc;                 // only the first kMaxTraceArgv are written
  uint64_t StartUnixMs;
  const char *Options;      // LOCKGRAPH_OPTIONS verbatim; null means ""
};

// A busy wait as the runtime saw it (the busy-wait finding's members).
struct BusyWaitFacts {
  const char *Kind;   // "trylock", "sleep", "yield" or "spin"
  uint32_t Lock;      // trylock, spin: the lock; 0 for a poll
  uint32_t Stack;     // the loop's site: the trylock, sleep, yield or spin_lock call
  uint64_t Rounds;    // failed trylocks, sleeps or yields (1 for a spin)
  uint64_t ElapsedNs; // how long the loop ran until the report
  uint64_t CpuNs;     // the thread's CPU time meanwhile
  uint64_t SleptNs;   // sleep: the sleeps requested, summed
  uint32_t Owner;     // trylock, spin: the holder's thread, 0xffffffff when unknown
  uint32_t OwnerStack; // where the holder took it, 0 when unknown
};

// A starved lock wait (the starvation finding's members).
struct StarvationFacts {
  uint32_t Lock;
  uint32_t Stack;      // where the thread waits
  bool Shared;         // waits for the read side
  uint64_t WaitedNs;   // so far
  uint64_t Overtakes;  // acquisitions by others meanwhile
  uint32_t Owner;      // the holder now, 0xffffffff when unknown
  uint32_t OwnerStack;
};

struct TraceEnd {
  const char *Reason;       // "exit" or "deadlock"
  int Status;               // exit status as the runtime let the process end
  bool HasProgramStatus;    // false for "deadlock": program_status is left out
  int ProgramStatus;
  uint64_t Locks, Edges, Findings;
  uint64_t ThreadNs; // the program's threads' lifetimes, summed (0: not known)
};

class TraceWriter {
public:
  static constexpr size_t kAutoFlushBytes = 64 * 1024;
  static constexpr int kMaxTraceArgv = 64;
  static constexpr uint32_t kMaxCycleEdges = 64;
  static constexpr size_t kMaxPath = 4096;
  // The trace format's version (docs/trace-format.md): 2 has `edges` records.
  static constexpr int kTraceVersion = 2;
  // The held locks an `edges` record lists (the outermost; held_count has them all).
  static constexpr uint32_t kMaxHeldShown = 16;

  // Creates Dir/lockgraph.<ExeBaseName>.<Pid>[.<k>].trace, exclusively, never through
  // a symlink, O_CLOEXEC, 0644. Dir is created when missing (one level), and refused
  // when unsafe (SafeFolder.h). False on failure, with failureReason() for the warning.
  bool open(const char *Dir, const char *ExeBaseName, int Pid);
  const char *failureReason() const { return Why; }
  // In the child of fork(): drops the records inherited from the parent's buffer
  // (the parent writes them to its own file), closes the inherited descriptor and
  // starts lockgraph.<exe>.<NewPid>.trace in the same directory. When a header was
  // written before, writes the child's header (pid NewPid, ppid the old pid, the
  // same exe/argv/options, start time now). Forgets which modules were written, so
  // the caller's next writeModules() writes them all into the new file. The caller
  // must then re-write any stack/lock/thread records its later records refer to.
  bool reopenAfterFork(int NewPid);
  // Writes the buffered complete records. False when write(2) failed (the records
  // are dropped, and so are later ones: a full disk must not grow memory).
  bool flush();
  // Flushes and closes. Safe to call when not open.
  void close();

  bool isOpen() const { return IsOpen; }
  bool writeFailed() const { return WriteFailed; }
  int writeErrno() const { return WriteErrno; } // why, once writeFailed()
  const char *path() const { return Path; }
  size_t buffered() const { return Len; }

  // ---- records (one line each)
  void writeHeader(const TraceHeader &H);
  // BuildId may be null (written as "").
  void writeModule(const char *Path, uintptr_t Base, uintptr_t Begin, uintptr_t End,
                   const uint8_t *BuildId, size_t BuildIdLen);
  void writeThread(uint32_t Id, uint32_t Parent, const char *Name, uint32_t Stack);
  void writeStack(uint32_t Id, const uintptr_t *Frames, uint32_t N);
  void writeLock(uint32_t Id, uintptr_t Addr, const char *Kind, uint32_t Generation,
                 uint32_t Stack);
  void writeEdge(uint32_t From, uint32_t To, uint32_t Thread, uint32_t StackFrom,
                 uint32_t StackTo, const uint32_t *Held, uint32_t NHeld);
  // The new edges of one acquisition: From[i] -> To, each From[i] taken at
  // StackFrom[i], To requested at StackTo while Held (outermost first) were held. One
  // record, not one per edge: a thread holding N locks adds N edges per acquisition.
  void writeEdges(uint32_t To, uint32_t Thread, uint32_t StackTo, const uint32_t *From,
                  const uint32_t *StackFrom, uint32_t NEdges, const uint32_t *Held,
                  uint32_t NHeld);
  void writeLockStats(uint32_t Lock, const LockStat &S);
  // Role: "waiter" (the site that waited) or "holder" (where the owner took it).
  void writeLockSite(const char *Role, const SiteStat &S);
  void writeEnd(const TraceEnd &E);

  // ---- findings. Single-shape rules are one call; rules with an array member are
  // begin + one add per element + endFinding(). Do not write other records between
  // a begin and its endFinding().
  void writeDoubleLock(const char *Message, uint32_t Thread, uint32_t Lock,
                       uint32_t Stack, uint32_t FirstStack);
  void writeBadUnlock(const char *Message, uint32_t Thread, uint32_t Lock,
                      uintptr_t Addr, uint32_t Stack);
  // Length: the full cycle length; only the first kMaxCycleEdges adds are written.
  void beginLockOrderInversion(const char *Message, uint32_t Thread, uint32_t Length);
  void addCycleEdge(uint32_t From, uint32_t To, uint32_t Thread, uint32_t StackFrom,
                    uint32_t StackTo);
  void writeBusyWait(const char *Message, uint32_t Thread, const BusyWaitFacts &F);
  void writeStarvation(const char *Message, uint32_t Thread, const StarvationFacts &F);
  // A livelock's threads are added like a deadlock's, with Rounds: how often each
  // failed its trylock in a row.
  void beginLivelock(const char *Message, uint32_t Thread);
  void addLivelockThread(uint32_t Thread, uint32_t Holds, uint32_t WaitsFor, uint32_t Owner,
                         uint32_t WaitStack, uint32_t HoldStack, uint64_t Rounds);
  void beginDeadlock(const char *Message, uint32_t Thread, bool Orphan);
  void addDeadlockThread(uint32_t Thread, uint32_t Holds, uint32_t WaitsFor,
                         uint32_t Owner, uint32_t WaitStack, uint32_t HoldStack);
  // Reason: "thread-exit" or "destroyed-while-held"; Stack 0 when unknown.
  void beginLockLeak(const char *Message, uint32_t Thread, const char *Reason,
                     uint32_t Stack);
  void addLeakedLock(uint32_t Lock, uint32_t Stack);
  void endFinding();

  // One module record per loaded ELF object not written before (dl_iterate_phdr);
  // call again after dlopen to add the new ones. Returns how many were written.
  size_t writeModules();

  // readlink("/proc/self/exe") into Buf, NUL-terminated; returns the length, 0 on
  // failure (Buf is then "").
  static size_t readSelfExe(char *Buf, size_t Size);
  static uint64_t nowUnixMs();

private:
  // Output primitives. put() never fails: without memory it writes synchronously.
  void put(const char *S, size_t N);
  void put(const char *S);
  void putChar(char C) { put(&C, 1); }
  void putDec(uint64_t V);
  void putSignedDec(int64_t V);
  void putHexAddr(uintptr_t V);
  void putString(const char *S); // quoted and escaped; null is ""
  void putString(const char *S, size_t N);
  void key(const char *K);       // ,"K":  (the comma unless first in the object)
  void member(const char *K, uint64_t V) { // ,"K":V
    key(K);
    putDec(V);
  }
  // [a,b,...] of N values, each written by Put (Values may be null when N is 0).
  template <typename T, typename V>
  void putArray(const T *Values, uint32_t N, void (TraceWriter::*Put)(V)) {
    putChar('[');
    for (uint32_t I = 0; Values && I < N; ++I) {
      if (I)
        putChar(',');
      (this->*Put)(Values[I]);
    }
    putChar(']');
  }
  void beginRecord(const char *Type);
  void endRecord();
  void beginFinding(const char *Rule, const char *Message, uint32_t Thread);
  void beginElement();
  void endElement();
  bool reserve(size_t N);
  bool writeAll(const char *P, size_t N);
  void drain();
  bool openFile(int Pid);
  void renderHeaderLine(int Pid, int PPid, uint64_t StartUnixMs);
  bool noteModuleSeen(uint64_t Key);
  friend struct ModuleWalker;

  bool IsOpen;
  bool WriteFailed;
  int WriteErrno;
  size_t Written; // bytes in the file: a failed write is cut back to here
  void cutAtWriteError(size_t Good);
  void threadMembers(uint32_t Thread, uint32_t Holds, uint32_t WaitsFor, uint32_t Owner,
                     uint32_t WaitStack, uint32_t HoldStack);
  bool InRecord;
  bool FirstMember;   // the next key() in the current object needs no comma
  bool FirstElement;  // the next array element needs no comma
  bool HaveHeader;
  bool Capturing;     // put() also appends to Saved (the header's constant part)
  uint8_t OpenArray;  // which finding array is open (ArrayKind in the .cpp), 0: none
  int Fd;
  int Pid;
  uint32_t ElementsWritten;

  char *Buf;          // pageAlloc'd, or Fallback when mmap failed
  size_t Cap, Len;
  size_t RecordStart; // where the record being written starts (flush stops there)
  char Fallback[1024];

  // The exe/argv/options part of the header, rendered once so a forked child can
  // write its own header without the caller's strings.
  char *Saved;
  size_t SavedCap, SavedLen, SavedSplit; // [0,Split): exe+argv, [Split,Len): options
  bool SavedOk;

  uint64_t *SeenModules; // modules already written: hash(path) * 31 + base
  size_t SeenCap, SeenCount;

  char Dir[kMaxPath];
  const char *Why = nullptr; // why the last open failed
  char Exe[256];
  char Path[kMaxPath];
};

} // namespace rt
} // namespace lockgraph
