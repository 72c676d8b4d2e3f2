// TraceWriter: renders trace records as JSON text into a pageAlloc'd buffer and
// writes it with write(2). Invariant: [0, RecordStart) holds complete lines only
// while a record is open, [0, Len) when none is; flush() writes exactly that prefix,
// so a partial line reaches the file only through drain() (out of memory).
#include "TraceWriter.h"

#include <cerrno>
#include <cstring>
#include <ctime>
#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <sys/stat.h>
#include <unistd.h>

#include "Arena.h"
#include "Decimal.h"
#include "SafeFolder.h"

namespace lockgraph {
namespace rt {

namespace {

// The buffer starts with room for the flush threshold plus a typical large record,
// so that growing is the exception (huge edge `held` arrays, long argv).
constexpr size_t kInitialBufferBytes = 2 * TraceWriter::kAutoFlushBytes;

enum ArrayKind : uint8_t { NoArray = 0, CycleArray, DeadlockArray, LeakArray, LivelockArray };

size_t copyBounded(char *Dst, size_t Size, const char *Src) {
  size_t N = 0;
  while (Src[N] && N + 1 < Size) {
    Dst[N] = Src[N];
    ++N;
  }
  Dst[N] = 0;
  return Src[N] ? 0 : N; // 0: did not fit
}

// Length of the valid UTF-8 sequence starting at P (at most Avail bytes), or 0 when
// it is not valid: overlong forms, surrogates and code points past U+10FFFF are not.
size_t utf8SequenceLength(const unsigned char *P, size_t Avail) {
  unsigned char C = P[0];
  size_t Need;
  unsigned char Lo = 0x80, Hi = 0xbf; // allowed range of the second byte
  if (C >= 0xc2 && C <= 0xdf) {
    Need = 2;
  } else if (C >= 0xe0 && C <= 0xef) {
    Need = 3;
    if (C == 0xe0)
      Lo = 0xa0;
    else if (C == 0xed)
      Hi = 0x9f;
  } else if (C >= 0xf0 && C <= 0xf4) {
    Need = 4;
    if (C == 0xf0)
      Lo = 0x90;
    else if (C == 0xf4)
      Hi = 0x8f;
  } else {
    return 0;
  }
  if (Avail < Need || P[1] < Lo || P[1] > Hi)
    return 0;
  for (size_t I = 2; I < Need; ++I)
    if (P[I] < 0x80 || P[I] > 0xbf)
      return 0;
  return Need;
}

uint64_t hashString(const char *S) {
  uint64_t H = 0xcbf29ce484222325ull; // FNV-1a
  for (; *S; ++S)
    H = (H ^ static_cast<unsigned char>(*S)) * 0x100000001b3ull;
  return H;
}

const char kHexDigits[] = "0123456789abcdef";

} // namespace

// ------------------------------------------------------------------ file handling

bool TraceWriter::open(const char *DirName, const char *ExeBaseName, int NewPid) {
  close();
  if (!DirName || !*DirName)
    DirName = ".";
  if (!ExeBaseName || !*ExeBaseName)
    ExeBaseName = "unknown";
  // A path would put the file somewhere else: keep its last component only, and
  // never let a '/' through (a trailing one, say).
  for (const char *P = ExeBaseName; *P; ++P)
    if (*P == '/' && P[1])
      ExeBaseName = P + 1;
  if (!copyBounded(Dir, sizeof(Dir), DirName))
    return false;
  copyBounded(Exe, sizeof(Exe), ExeBaseName); // a truncated name is still a name
  for (char *P = Exe; *P; ++P)
    if (*P == '/')
      *P = '_';
  HaveHeader = false;
  SeenCount = 0;
  return openFile(NewPid);
}

bool TraceWriter::openFile(int NewPid) {
  Pid = NewPid;
  // Dir/lockgraph.<exe>.<pid>.trace
  Decimal PidText = decimal(static_cast<unsigned>(NewPid));
  size_t N = 0;
  bool Fits = true;
  auto Add = [&](const char *S, size_t L) {
    for (size_t I = 0; I < L; ++I) {
      if (N + 1 >= sizeof(Path)) {
        Fits = false;
        return;
      }
      Path[N++] = S[I];
    }
  };
  Add(Dir, strlen(Dir));
  Add("/lockgraph.", 11);
  Add(Exe, strlen(Exe));
  Add(".", 1);
  Add(PidText.Text, PidText.Length);
  // O_EXCL: an exec'd image keeps the pid (and often the name) of the process it
  // replaces; it gets lockgraph.<exe>.<pid>.<k>.trace instead of truncating the
  // earlier image's file.
  const size_t Stem = N;
  const int Flags = O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW;
  Why = nullptr;
  int F = -1;
  for (unsigned K = 1; K < 1000 && F < 0; ++K) {
    N = Stem;
    if (K > 1) {
      Decimal Suffix = decimal(K);
      Add(".", 1);
      Add(Suffix.Text, Suffix.Length);
    }
    Add(".trace", 6);
    Path[N] = 0;
    if (!Fits) {
      Why = "the path is too long";
      return false;
    }
    if (K == 1 && (Why = unsafeFolderReason(Dir)))
      return false;
    F = ::open(Path, Flags, 0644);
    if (F < 0 && errno == ENOENT) {
      // The directory is missing: create it (one level, as `lockgraph run --out`
      // does not create parents either) and try once more. EEXIST: another won.
      if (mkdir(Dir, 0777) == 0 || errno == EEXIST) {
        if ((Why = unsafeFolderReason(Dir)))
          return false;
        F = ::open(Path, Flags, 0644);
      }
    }
    if (F < 0 && errno != EEXIST)
      break;
  }
  if (F < 0) {
    if (!Why)
      Why = errno == ELOOP ? "a symlink stands where the file goes" : strerror(errno);
    return false;
  }
  Fd = F;
  IsOpen = true;
  WriteFailed = false;
  WriteErrno = 0;
  Written = 0;
  InRecord = false;
  OpenArray = NoArray;
  Len = RecordStart = 0;
  return true;
}

bool TraceWriter::reopenAfterFork(int NewPid) {
  // The buffer is the parent's memory copied into the child: its records belong to
  // the parent's file, which the parent flushes itself. Dropping them here is what
  // keeps them from being written twice.
  Len = RecordStart = 0;
  InRecord = false;
  OpenArray = NoArray;
  SeenCount = 0;
  if (IsOpen)
    ::close(Fd); // the child's copy of the descriptor; the parent's stays open
  IsOpen = false;
  if (!Dir[0])
    return false; // never opened
  int ParentPid = Pid;
  if (!openFile(NewPid))
    return false;
  if (HaveHeader) {
    if (SavedOk) {
      renderHeaderLine(NewPid, ParentPid, nowUnixMs());
    } else {
      // The copy could not be kept (out of memory): a header with what the child
      // can find itself still makes the file readable.
      char ExePath[kMaxPath];
      readSelfExe(ExePath, sizeof(ExePath));
      writeHeader(TraceHeader{NewPid, ParentPid, ExePath, nullptr, 0, nowUnixMs(), ""});
    }
  }
  return true;
}

bool TraceWriter::writeAll(const char *P, size_t N) {
  const size_t Before = Written;
  const char *Start = P;
  while (N) {
    ssize_t W = ::write(Fd, P, N);
    if (W < 0 && errno == EINTR)
      continue;
    if (W <= 0) {
      WriteErrno = W < 0 ? errno : ENOSPC;
      // Keep the whole lines of this buffer that did reach the file, less what the
      // write_error record needs (a size limit lets no byte more through).
      const size_t Done = Written - Before, Room = 160;
      size_t Good = Before;
      for (size_t I = Done > Room ? Done - Room : 0; I-- > 0;)
        if (Start[I] == '\n') {
          Good = Before + I + 1;
          break;
        }
      cutAtWriteError(Good);
      return false;
    }
    P += W;
    Written += static_cast<size_t>(W);
    N -= static_cast<size_t>(W);
  }
  return true;
}

// A full disk (or a file size limit): the lines written so far stay, the part of the
// failed write is cut off, and a last record says why the trace ends there, so that
// the report blames the disk, not a crash. If even that does not fit, the file ends
// at its last whole line.
void TraceWriter::cutAtWriteError(size_t Good) {
  if (ftruncate(Fd, static_cast<off_t>(Good)) != 0)
    return;
  lseek(Fd, static_cast<off_t>(Good), SEEK_SET);
  Written = Good;
  char Line[160];
  size_t N = 0;
  auto Put = [&](const char *S) {
    while (*S && N + 1 < sizeof Line)
      Line[N++] = *S++;
  };
  Put("{\"t\":\"write_error\",\"errno\":");
  Put(decimal(static_cast<unsigned>(WriteErrno)).Text);
  Put(",\"message\":\"");
  Put(strerror(WriteErrno)); // glibc's messages need no JSON escaping
  Put("\"}\n");
  if (::write(Fd, Line, N) == static_cast<ssize_t>(N))
    Written += N;
  else if (ftruncate(Fd, static_cast<off_t>(Good)) == 0)
    lseek(Fd, static_cast<off_t>(Good), SEEK_SET);
}

bool TraceWriter::flush() {
  if (!IsOpen)
    return false;
  size_t Complete = InRecord ? RecordStart : Len;
  if (Complete == 0)
    return !WriteFailed;
  if (!WriteFailed && !writeAll(Buf, Complete))
    WriteFailed = true;
  // Keep the open record's beginning (it is rare: flush() between a finding's begin
  // and endFinding()).
  memmove(Buf, Buf + Complete, Len - Complete);
  Len -= Complete;
  RecordStart = 0;
  return !WriteFailed;
}

void TraceWriter::drain() {
  // Out of memory: write everything, the open record's first part included.
  if (!WriteFailed && !writeAll(Buf, Len))
    WriteFailed = true;
  Len = RecordStart = 0;
}

void TraceWriter::close() {
  if (!IsOpen)
    return;
  if (InRecord) // a finding left open: close it rather than leave half a line
    endFinding();
  flush();
  ::close(Fd);
  IsOpen = false;
}

// ------------------------------------------------------------------ buffer

bool TraceWriter::reserve(size_t N) {
  if (Len + N <= Cap)
    return true;
  size_t NewCap = Cap && Buf != Fallback ? Cap : kInitialBufferBytes;
  while (NewCap < Len + N)
    NewCap *= 2;
  char *New = static_cast<char *>(pageAlloc(NewCap));
  if (!New) {
    if (!Buf) { // never had memory: degrade to the small built-in buffer
      Buf = Fallback;
      Cap = sizeof(Fallback);
    }
    return false;
  }
  if (Len)
    memcpy(New, Buf, Len);
  if (Buf && Buf != Fallback)
    pageFree(Buf, Cap);
  Buf = New;
  Cap = NewCap;
  return true;
}

void TraceWriter::put(const char *S, size_t N) {
  if (N == 0)
    return;
  if (Capturing && SavedOk) {
    if (growArray(Saved, SavedCap, SavedLen + N)) {
      memcpy(Saved + SavedLen, S, N);
      SavedLen += N;
    } else {
      SavedOk = false;
    }
  }
  while (N) {
    if (!reserve(N) && Len == Cap)
      drain();
    size_t Room = Cap - Len;
    size_t K = N < Room ? N : Room;
    memcpy(Buf + Len, S, K);
    Len += K;
    S += K;
    N -= K;
  }
}

void TraceWriter::put(const char *S) { put(S, strlen(S)); }

void TraceWriter::putDec(uint64_t V) {
  Decimal D = decimal(V);
  put(D.Text, D.Length);
}

void TraceWriter::putSignedDec(int64_t V) {
  if (V < 0) {
    putChar('-');
    putDec(0 - static_cast<uint64_t>(V));
  } else {
    putDec(static_cast<uint64_t>(V));
  }
}

void TraceWriter::putHexAddr(uintptr_t V) {
  char T[2 * sizeof(uintptr_t) + 4]; // "0x<digits>"
  size_t N = sizeof(T);
  T[--N] = '"';
  do {
    T[--N] = kHexDigits[V & 15];
    V >>= 4;
  } while (V);
  T[--N] = 'x';
  T[--N] = '0';
  T[--N] = '"';
  put(T + N, sizeof(T) - N);
}

void TraceWriter::putString(const char *S) {
  if (!S)
    S = "";
  putString(S, strlen(S));
}

void TraceWriter::putString(const char *S, size_t N) {
  putChar('"');
  const unsigned char *P = reinterpret_cast<const unsigned char *>(S);
  size_t Run = 0; // bytes at P[I - Run, I) that go out unchanged
  for (size_t I = 0; I < N;) {
    unsigned char C = P[I];
    if (C >= 0x20 && C < 0x80 && C != '"' && C != '\\') {
      ++Run;
      ++I;
      continue;
    }
    size_t Seq = C >= 0x80 ? utf8SequenceLength(P + I, N - I) : 0;
    if (Seq) { // valid multi-byte UTF-8 passes through
      Run += Seq;
      I += Seq;
      continue;
    }
    put(S + I - Run, Run);
    Run = 0;
    if (C == '"') {
      put("\\\"", 2);
    } else if (C == '\\') {
      put("\\\\", 2);
    } else if (C < 0x20) {
      char E[6] = {'\\', 'u', '0', '0', kHexDigits[C >> 4], kHexDigits[C & 15]};
      put(E, 6);
    } else { // a byte that starts no valid sequence: one replacement per byte
      put("\\ufffd", 6);
    }
    ++I;
  }
  put(S + N - Run, Run);
  putChar('"');
}

// ------------------------------------------------------------------ JSON structure

void TraceWriter::key(const char *K) {
  if (!FirstMember)
    putChar(',');
  FirstMember = false;
  putChar('"');
  put(K);
  put("\":", 2);
}

void TraceWriter::beginRecord(const char *Type) {
  RecordStart = Len;
  InRecord = true;
  put("{\"t\":", 5);
  putString(Type);
  FirstMember = false;
}

void TraceWriter::endRecord() {
  put("}\n", 2);
  InRecord = false;
  RecordStart = Len;
  if (Len > kAutoFlushBytes)
    flush();
}

void TraceWriter::beginElement() {
  if (!FirstElement)
    putChar(',');
  FirstElement = false;
  putChar('{');
  FirstMember = true;
}

void TraceWriter::endElement() { putChar('}'); }

// ------------------------------------------------------------------ records

void TraceWriter::writeHeader(const TraceHeader &H) {
  if (!IsOpen || InRecord)
    return;
  Pid = H.Pid;
  beginRecord("header");
  key("format");
  putString("lockgraph-trace");
  member("version", kTraceVersion);
  key("pid");
  putSignedDec(H.Pid);
  key("ppid");
  putSignedDec(H.PPid);
  // exe/argv and options are captured (keys and their commas included) for the
  // header a forked child writes.
  SavedLen = 0;
  SavedOk = true;
  Capturing = true;
  key("exe");
  putString(H.Exe);
  key("argv");
  putChar('[');
  int Argc = H.Argc < kMaxTraceArgv ? H.Argc : kMaxTraceArgv;
  for (int I = 0; H.Argv && I < Argc; ++I) {
    if (I)
      putChar(',');
    putString(H.Argv[I]);
  }
  putChar(']');
  SavedSplit = SavedLen;
  Capturing = false;
  member("start_unix_ms", H.StartUnixMs);
  Capturing = true;
  key("options");
  putString(H.Options);
  Capturing = false;
  endRecord();
  HaveHeader = true;
}

void TraceWriter::renderHeaderLine(int NewPid, int PPid, uint64_t StartUnixMs) {
  beginRecord("header");
  key("format");
  putString("lockgraph-trace");
  member("version", kTraceVersion);
  key("pid");
  putSignedDec(NewPid);
  key("ppid");
  putSignedDec(PPid);
  put(Saved, SavedSplit);
  member("start_unix_ms", StartUnixMs);
  put(Saved + SavedSplit, SavedLen - SavedSplit);
  endRecord();
}

void TraceWriter::writeModule(const char *ModPath, uintptr_t Base, uintptr_t Begin,
                              uintptr_t End, const uint8_t *BuildId,
                              size_t BuildIdLen) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("module");
  key("path");
  putString(ModPath);
  key("base");
  putHexAddr(Base);
  key("begin");
  putHexAddr(Begin);
  key("end");
  putHexAddr(End);
  key("build_id");
  putChar('"');
  for (size_t I = 0; BuildId && I < BuildIdLen; ++I) {
    char H[2] = {kHexDigits[BuildId[I] >> 4], kHexDigits[BuildId[I] & 15]};
    put(H, 2);
  }
  putChar('"');
  endRecord();
}

void TraceWriter::writeThread(uint32_t Id, uint32_t Parent, const char *Name,
                              uint32_t Stack) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("thread");
  member("id", Id);
  member("parent", Parent);
  key("name");
  putString(Name);
  member("stack", Stack);
  endRecord();
}

void TraceWriter::writeStack(uint32_t Id, const uintptr_t *Frames, uint32_t N) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("stack");
  member("id", Id);
  key("frames");
  putArray(Frames, N, &TraceWriter::putHexAddr);
  endRecord();
}

void TraceWriter::writeLock(uint32_t Id, uintptr_t Addr, const char *Kind,
                            uint32_t Generation, uint32_t Stack) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("lock");
  member("id", Id);
  key("addr");
  putHexAddr(Addr);
  key("kind");
  putString(Kind);
  member("generation", Generation);
  member("stack", Stack);
  endRecord();
}

void TraceWriter::writeEdge(uint32_t From, uint32_t To, uint32_t Thread,
                            uint32_t StackFrom, uint32_t StackTo, const uint32_t *Held,
                            uint32_t NHeld) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("edge");
  member("from", From);
  member("to", To);
  member("thread", Thread);
  member("stack_from", StackFrom);
  member("stack_to", StackTo);
  key("held");
  putArray(Held, NHeld, &TraceWriter::putDec);
  endRecord();
}

void TraceWriter::writeEdges(uint32_t To, uint32_t Thread, uint32_t StackTo,
                             const uint32_t *From, const uint32_t *StackFrom, uint32_t NEdges,
                             const uint32_t *Held, uint32_t NHeld) {
  if (!IsOpen || InRecord || !NEdges)
    return;
  beginRecord("edges");
  member("to", To);
  member("thread", Thread);
  member("stack_to", StackTo);
  key("from");
  putArray(From, NEdges, &TraceWriter::putDec);
  key("stack_from");
  putArray(StackFrom, NEdges, &TraceWriter::putDec);
  const uint32_t Shown = NHeld < kMaxHeldShown ? NHeld : kMaxHeldShown;
  key("held");
  putArray(Held, Shown, &TraceWriter::putDec);
  member("held_count", NHeld);
  endRecord();
}

void TraceWriter::writeLockStats(uint32_t Lock, const LockStat &S) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("lock_stats");
  member("lock", Lock);
  member("acquisitions", S.Acquisitions);
  member("shared", S.SharedAcquisitions);
  member("owner_changes", S.OwnerChanges);
  member("contended", S.Contended);
  member("wait_ns", S.WaitNs);
  member("max_wait_ns", S.MaxWaitNs);
  member("hold_samples", S.HoldSamples);
  member("hold_ns", S.HoldNs);
  member("max_hold_ns", S.MaxHoldNs);
  endRecord();
}

void TraceWriter::writeLockSite(const char *Role, const SiteStat &S) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("lock_site");
  member("lock", S.node());
  key("role");
  putString(Role);
  member("stack", S.stack());
  member("count", S.Count);
  member("wait_ns", S.WaitNs);
  member("max_wait_ns", S.MaxWaitNs);
  endRecord();
}

void TraceWriter::writeEnd(const TraceEnd &E) {
  if (!IsOpen || InRecord)
    return;
  beginRecord("end");
  key("reason");
  putString(E.Reason);
  key("status");
  putSignedDec(E.Status);
  if (E.HasProgramStatus) {
    key("program_status");
    putSignedDec(E.ProgramStatus);
  }
  member("locks", E.Locks);
  member("edges", E.Edges);
  member("findings", E.Findings);
  if (E.ThreadNs)
    member("thread_ns", E.ThreadNs);
  endRecord();
}

// ------------------------------------------------------------------ findings

void TraceWriter::beginFinding(const char *Rule, const char *Message, uint32_t Thread) {
  beginRecord("finding");
  key("rule");
  putString(Rule);
  key("message");
  putString(Message);
  member("thread", Thread);
  OpenArray = NoArray;
}

void TraceWriter::writeDoubleLock(const char *Message, uint32_t Thread, uint32_t Lock,
                                  uint32_t Stack, uint32_t FirstStack) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("double-lock", Message, Thread);
  member("lock", Lock);
  member("stack", Stack);
  member("first_stack", FirstStack);
  endRecord();
}

void TraceWriter::writeBadUnlock(const char *Message, uint32_t Thread, uint32_t Lock,
                                 uintptr_t Addr, uint32_t Stack) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("bad-unlock", Message, Thread);
  member("lock", Lock);
  key("addr");
  putHexAddr(Addr);
  member("stack", Stack);
  endRecord();
}

void TraceWriter::beginLockOrderInversion(const char *Message, uint32_t Thread,
                                          uint32_t Length) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("lock-order-inversion", Message, Thread);
  member("length", Length);
  key("cycle");
  putChar('[');
  OpenArray = CycleArray;
  FirstElement = true;
  ElementsWritten = 0;
}

void TraceWriter::addCycleEdge(uint32_t From, uint32_t To, uint32_t Thread,
                               uint32_t StackFrom, uint32_t StackTo) {
  if (!InRecord || OpenArray != CycleArray || ElementsWritten >= kMaxCycleEdges)
    return;
  ++ElementsWritten;
  beginElement();
  member("from", From);
  member("to", To);
  member("thread", Thread);
  member("stack_from", StackFrom);
  member("stack_to", StackTo);
  endElement();
}

void TraceWriter::writeBusyWait(const char *Message, uint32_t Thread, const BusyWaitFacts &F) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("busy-wait", Message, Thread);
  key("kind");
  putString(F.Kind);
  member("lock", F.Lock);
  member("stack", F.Stack);
  member("rounds", F.Rounds);
  member("elapsed_ns", F.ElapsedNs);
  member("cpu_ns", F.CpuNs);
  member("slept_ns", F.SleptNs);
  member("owner", F.Owner);
  member("owner_stack", F.OwnerStack);
  endRecord();
}

void TraceWriter::writeStarvation(const char *Message, uint32_t Thread,
                                  const StarvationFacts &F) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("starvation", Message, Thread);
  member("lock", F.Lock);
  member("stack", F.Stack);
  key("shared");
  put(F.Shared ? "true" : "false");
  member("waited_ns", F.WaitedNs);
  member("overtakes", F.Overtakes);
  member("owner", F.Owner);
  member("owner_stack", F.OwnerStack);
  endRecord();
}

void TraceWriter::beginLivelock(const char *Message, uint32_t Thread) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("livelock", Message, Thread);
  key("threads");
  putChar('[');
  OpenArray = LivelockArray;
  FirstElement = true;
}

void TraceWriter::addLivelockThread(uint32_t Thread, uint32_t Holds, uint32_t WaitsFor,
                                    uint32_t Owner, uint32_t WaitStack, uint32_t HoldStack,
                                    uint64_t Rounds) {
  if (!InRecord || OpenArray != LivelockArray)
    return;
  beginElement();
  threadMembers(Thread, Holds, WaitsFor, Owner, WaitStack, HoldStack);
  member("rounds", Rounds);
  endElement();
}

// A thread of a deadlock or a livelock: what it holds, what it waits for or tries.
void TraceWriter::threadMembers(uint32_t Thread, uint32_t Holds, uint32_t WaitsFor,
                                uint32_t Owner, uint32_t WaitStack, uint32_t HoldStack) {
  member("thread", Thread);
  member("holds", Holds);
  member("waits_for", WaitsFor);
  member("owner", Owner);
  member("wait_stack", WaitStack);
  member("hold_stack", HoldStack);
}

void TraceWriter::beginDeadlock(const char *Message, uint32_t Thread, bool Orphan) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("deadlock", Message, Thread);
  key("orphan");
  put(Orphan ? "true" : "false");
  key("threads");
  putChar('[');
  OpenArray = DeadlockArray;
  FirstElement = true;
}

void TraceWriter::addDeadlockThread(uint32_t Thread, uint32_t Holds, uint32_t WaitsFor,
                                    uint32_t Owner, uint32_t WaitStack,
                                    uint32_t HoldStack) {
  if (!InRecord || OpenArray != DeadlockArray)
    return;
  beginElement();
  threadMembers(Thread, Holds, WaitsFor, Owner, WaitStack, HoldStack);
  endElement();
}

void TraceWriter::beginLockLeak(const char *Message, uint32_t Thread, const char *Reason,
                                uint32_t Stack) {
  if (!IsOpen || InRecord)
    return;
  beginFinding("lock-leak", Message, Thread);
  key("reason");
  putString(Reason);
  member("stack", Stack);
  key("locks");
  putChar('[');
  OpenArray = LeakArray;
  FirstElement = true;
}

void TraceWriter::addLeakedLock(uint32_t Lock, uint32_t Stack) {
  if (!InRecord || OpenArray != LeakArray)
    return;
  beginElement();
  member("lock", Lock);
  member("stack", Stack);
  endElement();
}

void TraceWriter::endFinding() {
  if (!InRecord)
    return;
  if (OpenArray != NoArray)
    putChar(']');
  OpenArray = NoArray;
  endRecord();
}

// ------------------------------------------------------------------ modules

bool TraceWriter::noteModuleSeen(uint64_t Key) {
  for (size_t I = 0; I < SeenCount; ++I)
    if (SeenModules[I] == Key)
      return false;
  // Without memory the set stops growing: the module is written (possibly again
  // later), which a reader tolerates better than a missing one.
  if (growArray(SeenModules, SeenCap, SeenCount + 1))
    SeenModules[SeenCount++] = Key;
  return true;
}

struct ModuleWalker {
  TraceWriter *W;
  size_t Index;   // position in the loader's list: 0 is the main program
  size_t Written;

  // Finds the GNU build id in the object's PT_NOTE segments.
  static bool findBuildId(const dl_phdr_info *Info, const uint8_t **Id, size_t *Len) {
    for (int I = 0; I < Info->dlpi_phnum; ++I) {
      const ElfW(Phdr) &Ph = Info->dlpi_phdr[I];
      if (Ph.p_type != PT_NOTE)
        continue;
      // Notes pad name and descriptor to the segment's alignment (4, or 8 for
      // .note.gnu.property segments).
      size_t Align = Ph.p_align == 8 ? 8 : 4;
      const char *P = reinterpret_cast<const char *>(Info->dlpi_addr + Ph.p_vaddr);
      size_t Left = Ph.p_memsz;
      while (Left >= sizeof(ElfW(Nhdr))) {
        const ElfW(Nhdr) *N = reinterpret_cast<const ElfW(Nhdr) *>(P);
        size_t NameSz = (N->n_namesz + Align - 1) & ~(Align - 1);
        size_t DescSz = (N->n_descsz + Align - 1) & ~(Align - 1);
        size_t Total = sizeof(ElfW(Nhdr)) + NameSz + DescSz;
        if (Total > Left)
          break;
        const char *Name = P + sizeof(ElfW(Nhdr));
        if (N->n_type == NT_GNU_BUILD_ID && N->n_namesz == 4 &&
            memcmp(Name, "GNU", 4) == 0) {
          *Id = reinterpret_cast<const uint8_t *>(Name + NameSz);
          *Len = N->n_descsz;
          return true;
        }
        P += Total;
        Left -= Total;
      }
    }
    return false;
  }

  static int visit(dl_phdr_info *Info, size_t, void *Data) {
    ModuleWalker &Self = *static_cast<ModuleWalker *>(Data);
    size_t Index = Self.Index++;
    bool HaveLoad = false;
    uintptr_t Lo = 0, Hi = 0;
    for (int I = 0; I < Info->dlpi_phnum; ++I) {
      const ElfW(Phdr) &Ph = Info->dlpi_phdr[I];
      if (Ph.p_type != PT_LOAD)
        continue;
      uintptr_t B = Info->dlpi_addr + Ph.p_vaddr, E = B + Ph.p_memsz;
      if (!HaveLoad || B < Lo)
        Lo = B;
      if (!HaveLoad || E > Hi)
        Hi = E;
      HaveLoad = true;
    }
    if (!HaveLoad)
      return 0;

    char ExePath[TraceWriter::kMaxPath];
    const char *Name = Info->dlpi_name;
    if (!Name || !*Name) {
      // The main program is listed first with an empty name.
      if (Index == 0 && TraceWriter::readSelfExe(ExePath, sizeof(ExePath)))
        Name = ExePath;
      else
        Name = "[unnamed]";
    }
    uint64_t Key = hashString(Name) * 31 + Info->dlpi_addr;
    if (!Self.W->noteModuleSeen(Key))
      return 0;
    const uint8_t *Id = nullptr;
    size_t IdLen = 0;
    findBuildId(Info, &Id, &IdLen);
    Self.W->writeModule(Name, Info->dlpi_addr, Lo, Hi, Id, IdLen);
    ++Self.Written;
    return 0;
  }
};

size_t TraceWriter::writeModules() {
  if (!IsOpen || InRecord)
    return 0;
  ModuleWalker Walker{this, 0, 0};
  dl_iterate_phdr(&ModuleWalker::visit, &Walker);
  return Walker.Written;
}

// ------------------------------------------------------------------ helpers

size_t TraceWriter::readSelfExe(char *Out, size_t Size) {
  if (!Size)
    return 0;
  ssize_t N = readlink("/proc/self/exe", Out, Size - 1);
  if (N <= 0) {
    Out[0] = 0;
    return 0;
  }
  Out[N] = 0;
  return static_cast<size_t>(N);
}

uint64_t TraceWriter::nowUnixMs() {
  timespec Ts;
  if (clock_gettime(CLOCK_REALTIME, &Ts) != 0)
    return 0;
  return static_cast<uint64_t>(Ts.tv_sec) * 1000 +
         static_cast<uint64_t>(Ts.tv_nsec) / 1000000;
}

} // namespace rt
} // namespace lockgraph
