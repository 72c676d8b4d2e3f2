#include "Output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

#include "../core/Decimal.h"
#include "../core/SafeFolder.h"
#include "RuntimeState.h"
#include "Trace.h"

namespace lockgraph {
namespace rt {

namespace {
int LogFd = -1;
pid_t LogPid;
int OutOfMemoryWarned;
} // namespace

void writeAll(int Fd, const char *P, size_t N) {
  while (N) {
    ssize_t W = write(Fd, P, N);
    if (W < 0) {
      if (errno == EINTR)
        continue;
      return;
    }
    P += W;
    N -= static_cast<size_t>(W);
  }
}

// <log_path>.<pid>, created like a trace file: exclusively and never through a symlink
// (<log_path>.<pid>.2 and so on when it exists: an exec'd image, or something placed
// there in advance), and only in a folder nobody else can rearrange. -1 on failure,
// said once on stderr: reports then go to stderr.
static int openLogFile(char *Path, size_t Len) {
  char Dir[kMaxOptionString + 24];
  size_t Slash = 0;
  for (size_t I = 0; I < Len; ++I)
    if (Path[I] == '/')
      Slash = I;
  for (size_t I = 0; I < Slash; ++I)
    Dir[I] = Path[I];
  Dir[Slash] = 0;
  const char *Why = unsafeFolderReason(Slash ? Dir : (Path[0] == '/' ? "/" : "."));
  int Fd = -1;
  for (unsigned K = 1; !Why && K < 1000 && Fd < 0; ++K) {
    size_t N = Len;
    if (K > 1) {
      Decimal Suffix = decimal(K);
      Path[N++] = '.';
      for (size_t I = 0; I < Suffix.Length; ++I)
        Path[N++] = Suffix.Text[I];
    }
    Path[N] = 0;
    Fd = open(Path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
    if (Fd < 0 && errno != EEXIST && errno != ELOOP)
      Why = "cannot create it";
  }
  if (Fd < 0) {
    static const char Head[] = "lockgraph: log_path: no log file in that folder (";
    writeAll(2, Head, sizeof Head - 1);
    const char *Reason = Why ? Why : "every name is taken";
    writeAll(2, Reason, __builtin_strlen(Reason));
    static const char Tail[] = "); reports go to stderr\n";
    writeAll(2, Tail, sizeof Tail - 1);
  }
  return Fd;
}

// Caller holds OutputLock.
static int outputFd() {
  if (!Opts.log_path[0])
    return 2;
  pid_t Pid = getpid();
  if (LogPid == Pid) // opened, or failed and said so, in this process
    return LogFd >= 0 ? LogFd : 2;
  if (LogFd >= 0)
    close(LogFd); // inherited from the parent: open our own file
  char Path[kMaxOptionString + 24];
  size_t N = 0;
  for (const char *S = Opts.log_path; *S && N < kMaxOptionString; ++S)
    Path[N++] = *S;
  Path[N++] = '.';
  Decimal Digits = decimal(static_cast<unsigned long>(Pid));
  for (size_t I = 0; I < Digits.Length; ++I)
    Path[N++] = Digits.Text[I];
  Path[N] = 0;
  LogPid = Pid;
  LogFd = openLogFile(Path, N);
  return LogFd >= 0 ? LogFd : 2;
}

void emit(const Writer &W) {
  {
    RuntimeGuard G(OutputLock);
    writeAll(outputFd(), W.data(), W.size());
  }
}

void message(const char *Text) {
  Writer W;
  W.put("lockgraph: ");
  W.put(Text);
  W.put("\n");
  emit(W);
}

void exitNow(const char *Reason) {
  sayRepeats();
  fflush(nullptr);
  // A deadlock abort ends the program where it stood: it returned nothing itself.
  bool Exited = Reason[0] == 'e';
  traceEnd(Reason, Opts.exitcode, Exited, __atomic_load_n(&ExitStatus, __ATOMIC_RELAXED));
  _exit(Opts.exitcode);
}

// Emits a finished report and counts it.
void emitReport(const Writer &W) {
  emit(W);
  __atomic_add_fetch(&ReportCount, 1, __ATOMIC_RELAXED);
  if (Opts.halt_on_error)
    exitNow("exit");
}

void warnOutOfMemory() {
  if (!__atomic_exchange_n(&OutOfMemoryWarned, 1, __ATOMIC_RELAXED))
    message("warning: out of memory for runtime bookkeeping; some locks or edges "
            "are not tracked from now on (detection continues)");
}

} // namespace rt
} // namespace lockgraph
