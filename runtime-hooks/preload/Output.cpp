#include "Output.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

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

// Caller holds OutputLock.
static int outputFd() {
  if (!Opts.log_path[0])
    return 2;
  pid_t Pid = getpid();
  if (LogFd >= 0 && LogPid == Pid)
    return LogFd;
  if (LogFd >= 0)
    close(LogFd); // inherited from the parent: open our own file
  char Path[kMaxOptionString + 24];
  size_t N = 0;
  for (const char *S = Opts.log_path; *S && N < kMaxOptionString; ++S)
    Path[N++] = *S;
  Path[N++] = '.';
  char Digits[16];
  int D = 0;
  unsigned long V = static_cast<unsigned long>(Pid);
  do {
    Digits[D++] = static_cast<char>('0' + V % 10);
    V /= 10;
  } while (V);
  while (D)
    Path[N++] = Digits[--D];
  Path[N] = 0;
  LogFd = open(Path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  LogPid = Pid;
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
