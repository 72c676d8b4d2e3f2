// lockgraph run -- CMD ARGS: runs a program with the preload library, forwarding
// signals, and exits with the program's status (the library turns a clean exit into
// its exitcode when it reported something). The processes write traces into a
// directory (--out, or a temporary one); afterwards they are reported like
// `lockgraph report DIR` would, and suppressions can take back the exitcode.
#include "Commands.h"
#include "Output.h"
#include "TraceInputs.h"

#include "lockgraph/RuntimeReport.h"
#include "lockgraph/TraceSymbolizer.h"

#include "llvm/ADT/ScopeExit.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include "core/Options.h"
#include "core/SafeFolder.h"

#include <elf.h>
#include <sys/stat.h>
#include <termios.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <random>
#include <cstring>

extern char **environ;

#ifndef LOCKGRAPH_BUILD_PRELOAD
#define LOCKGRAPH_BUILD_PRELOAD ""
#endif
#ifndef LOCKGRAPH_INSTALL_LIBDIR
#define LOCKGRAPH_INSTALL_LIBDIR "lib/lockgraph"
#endif

namespace lockgraph {
namespace {

pid_t Child = -1; // the child's process group too: it leads one of its own

// SIGINT from a terminal, SIGTERM from a CI's timeout: to everything the command
// started (a `sh -c`, `ctest` or `make` runs children of its own), not only to it.
void forwardSignal(int Sig) {
  if (Child > 0)
    kill(-Child, Sig);
}

// A set-user-ID or set-group-ID program that changes who runs it: the loader ignores
// LD_PRELOAD for it (secure-execution mode), so it would run unchecked.
bool changesIdentity(const std::string &Path) {
  struct stat St;
  if (stat(Path.c_str(), &St) != 0)
    return false;
  return ((St.st_mode & S_ISUID) && St.st_uid != geteuid()) ||
         ((St.st_mode & S_ISGID) && St.st_gid != getegid());
}

// While the command runs in its own process group, it owns the terminal (when we had
// it): it can read it, and ^C reaches it (and us, to forward). Given back after.
class TerminalHandover {
public:
  explicit TerminalHandover(pid_t Group) {
    if (!isatty(STDIN_FILENO) || tcgetpgrp(STDIN_FILENO) != getpgrp())
      return;
    signal(SIGTTOU, SIG_IGN); // a background group may not set the terminal otherwise
    Had = tcsetpgrp(STDIN_FILENO, Group) == 0;
  }
  void takeBack() {
    if (Had)
      tcsetpgrp(STDIN_FILENO, getpgrp());
    Had = false;
  }
  ~TerminalHandover() { takeBack(); }

private:
  bool Had = false;
};

// A run's identity in its traces' header options (run_id=), so that two runs into one
// --out folder each report only their own.
std::string newRunId() {
  return llvm::utohexstr(uint64_t(getpid()), /*LowerCase=*/true) + "-" +
         llvm::utohexstr(uint64_t(std::chrono::steady_clock::now().time_since_epoch().count()) ^
                             (uint64_t(std::random_device()()) << 32),
                         /*LowerCase=*/true);
}

// $LOCKGRAPH_PRELOAD, else the installed layout next to this executable, else the
// library of the build tree this executable was built in.
std::string findPreload(const char *Argv0) {
  if (const char *Env = getenv("LOCKGRAPH_PRELOAD"))
    return Env;
  std::string Exe = llvm::sys::fs::getMainExecutable(Argv0, (void *)&findPreload);
  llvm::SmallString<256> Installed(llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe)));
  llvm::sys::path::append(Installed, LOCKGRAPH_INSTALL_LIBDIR, "liblockgraph-preload.so");
  if (llvm::sys::fs::exists(Installed))
    return std::string(Installed);
  if (llvm::sys::fs::exists(LOCKGRAPH_BUILD_PRELOAD))
    return LOCKGRAPH_BUILD_PRELOAD;
  return "";
}

// An ELF executable without a program interpreter is statically linked: the dynamic
// loader never runs, so LD_PRELOAD is ignored.
bool isStaticElf(const std::string &Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path, false, false);
  if (!Buf)
    return false;
  llvm::StringRef Data = (*Buf)->getBuffer();
  if (Data.size() < sizeof(Elf64_Ehdr) || memcmp(Data.data(), ELFMAG, SELFMAG) != 0 ||
      Data[EI_CLASS] != ELFCLASS64)
    return false;
  Elf64_Ehdr H;
  memcpy(&H, Data.data(), sizeof H);
  if (H.e_type != ET_EXEC && H.e_type != ET_DYN)
    return false;
  bool HasInterp = false, HasDynamic = false;
  for (unsigned I = 0; I < H.e_phnum; ++I) {
    size_t Off = H.e_phoff + (size_t)I * H.e_phentsize;
    if (Off + sizeof(Elf64_Phdr) > Data.size())
      return false;
    Elf64_Phdr P;
    memcpy(&P, Data.data() + Off, sizeof P);
    HasInterp |= P.p_type == PT_INTERP;
    HasDynamic |= P.p_type == PT_DYNAMIC;
  }
  // A shared library run directly has no interpreter but is dynamic; static-pie has a
  // dynamic section and no interpreter, and is not interposable either.
  return !HasInterp && (H.e_type == ET_EXEC || HasDynamic);
}

// LOCKGRAPH_OPTIONS separates pairs with ':', ',' and whitespace, so a path holding one
// of them cannot be passed.
bool usableAsOption(llvm::StringRef Path) {
  return Path.find_first_of(":, \t\n") == llvm::StringRef::npos;
}

std::string absolute(llvm::StringRef Path) {
  llvm::SmallString<256> Abs(Path);
  llvm::sys::fs::make_absolute(Abs);
  return std::string(Abs);
}

// The last exitcode=N in the options, else the runtime's default.
int libraryExitCode(llvm::StringRef Options) {
  int Code = 66;
  llvm::SmallVector<llvm::StringRef, 8> Pairs;
  Options.split(Pairs, ':', -1, false);
  for (llvm::StringRef P : Pairs) {
    auto [K, V] = P.split('=');
    int N;
    if (K.trim() == "exitcode" && !V.trim().getAsInteger(10, N))
      Code = N;
  }
  return Code;
}

// Whether the trace at Path was written by the run RunId: its header's options carry
// run_id=RunId. Only the first line is read (another run may still be writing).
bool writtenByRun(const std::string &Path, const std::string &RunId) {
  if (!llvm::sys::fs::is_regular_file(Path)) // not a FIFO's first line: it would block
    return false;
  auto Buf = llvm::MemoryBuffer::getFileSlice(Path, 1 << 16, 0);
  if (!Buf)
    return false;
  llvm::StringRef Header = (*Buf)->getBuffer().split('\n').first;
  std::string Key = "run_id=" + RunId;
  for (size_t At = Header.find(Key); At != llvm::StringRef::npos; At = Header.find(Key, At + 1)) {
    char After = At + Key.size() < Header.size() ? Header[At + Key.size()] : '"';
    if (After == ':' || After == '"' || After == ',' || After == ' ')
      return true;
  }
  return false;
}

// Reports the traces in Dir and returns the exit status of the run: the child's, with
// the exitcode taken back when everything the child reported was suppressed, and set
// when some process reported something that was not.
// Reports the traces this run added to Dir (a reused --out DIR keeps earlier ones,
// which are not this run's business; names are never reused).
int reportRun(const RunArgs &A, const std::string &Dir, const std::vector<std::string> &Before,
              const std::string &RunId, pid_t Pid, int Status, int ExitCode,
              const SuppressionList &Suppressions, const std::string &SuppressionsFile) {
  // This run's traces: new in Dir, and with its run_id (another run may share --out).
  std::vector<std::string> New;
  for (const std::string &Path : traceFilesIn(Dir))
    if (!std::binary_search(Before.begin(), Before.end(), Path) && writtenByRun(Path, RunId))
      New.push_back(Path);
  TraceInputs In = New.empty() ? TraceInputs() : loadTraces(New);
  const bool ToFile = !A.Out.OutputFile.empty() && A.Out.OutputFile != "-";
  if (In.Traces.empty() && !ToFile)
    return Status; // nothing to say: no process took a lock, or none could write
  TraceSymbolizer Symbolizer;
  RuntimeReport RR = buildRuntimeReport(In.Traces, Suppressions, Symbolizer,
                                        formatShowsGraph(A.Out.Format), A.Out.Contention,
                                        SuppressionsFile);
  for (const std::string &W : RR.Warnings)
    llvm::errs() << "lockgraph: warning: " << W << "\n";
  RR.R.BaseDir = A.Out.BaseDir;
  RR.R.Errors = std::move(In.Errors);
  // CI uploads -o FILE whatever happened: say why it is empty.
  if (In.Traces.empty())
    RR.R.Notices.push_back("no process of this run wrote a trace: none took a lock, or it "
                           "could not write one (it dropped privileges, or a statically "
                           "linked or set-user-ID child ran unchecked)");
  // A clean run prints nothing of ours on stderr, as without traces.
  bool Quiet = A.Out.Format == "text" && (A.Out.OutputFile.empty() || A.Out.OutputFile == "-") &&
               RR.R.Findings.empty() && RR.R.Errors.empty();
  if (!Quiet && finishReport(RR.R, A.Out, llvm::errs()) == ExitUsage)
    return ExitUsage;

  for (const ProcessOutcome &P : RR.Processes)
    if (P.Pid == Pid && P.Finish && P.Finish->ProgramStatus && P.Findings != 0 &&
        P.Suppressed == P.Findings && P.Finish->Status == Status &&
        P.Finish->Status != *P.Finish->ProgramStatus)
      Status = *P.Finish->ProgramStatus;
  // Notes (contention) change the status only with --fail-on note.
  Severity FailOn = Severity::Warning;
  parseSeverity(A.Out.FailOn, FailOn);
  if (Status == 0 && llvm::any_of(RR.R.Findings, [&](const Finding &F) { return F.Level >= FailOn; }))
    Status = ExitCode;
  return Status;
}

} // namespace

int runProgram(const RunArgs &A) {
  if (A.Command.empty()) {
    llvm::errs() << "lockgraph: error: run needs a command: lockgraph run -- CMD ARGS\n";
    return ExitUsage;
  }
  std::string Program = A.Command[0];
  if (Program.find('/') == std::string::npos) {
    auto Found = llvm::sys::findProgramByName(Program);
    if (!Found) {
      llvm::errs() << "lockgraph: error: '" << Program << "': command not found\n";
      return 127;
    }
    Program = *Found;
  }
  if (changesIdentity(Program)) {
    llvm::errs() << "lockgraph: error: '" << Program
                 << "' is set-user-ID or set-group-ID, so the loader ignores LD_PRELOAD "
                    "for it and it would run unchecked; run a copy without the bit\n";
    return ExitUsage;
  }
  if (isStaticElf(Program)) {
    llvm::errs() << "lockgraph: error: '" << Program
                 << "' is statically linked, so LD_PRELOAD cannot interpose its locks; "
                    "link it dynamically to run it under lockgraph\n";
    return ExitUsage;
  }
  std::string Preload = findPreload(A.Argv0.c_str());
  if (Preload.empty()) {
    llvm::errs() << "lockgraph: error: liblockgraph-preload.so not found (set "
                    "LOCKGRAPH_PRELOAD)\n";
    return ExitUsage;
  }

  // The user's suppressions: --suppressions, or the suppressions= of the
  // LOCKGRAPH_OPTIONS they set (the report applies it to symbolized frames too).
  std::string SuppressionsFile = A.Suppressions;
  if (SuppressionsFile.empty())
    if (const char *Env = getenv("LOCKGRAPH_OPTIONS")) {
      rt::Options FromEnv;
      rt::parseOptions(Env, FromEnv, nullptr, nullptr);
      SuppressionsFile = FromEnv.suppressions;
    }
  SuppressionList Suppressions;
  if (!loadSuppressions(SuppressionsFile, Suppressions))
    return ExitUsage;
  for (const std::string *Path : {&A.OutDir, &A.Suppressions})
    if (!usableAsOption(*Path)) {
      llvm::errs() << "lockgraph: error: '" << *Path
                   << "' cannot be passed in LOCKGRAPH_OPTIONS (it holds ':', ',' or a "
                      "space)\n";
      return ExitUsage;
    }

  // Where the processes write their traces.
  std::string TraceDir;
  bool RemoveTraceDir = false;
  if (!A.OutDir.empty()) {
    // Checked before the program runs: a run whose traces cannot be written is lost.
    if (llvm::sys::fs::exists(A.OutDir) && !llvm::sys::fs::is_directory(A.OutDir)) {
      llvm::errs() << "lockgraph: error: --out '" << A.OutDir
                   << "' is a file, not a folder for traces\n";
      return ExitUsage;
    }
    if (std::error_code EC = llvm::sys::fs::create_directories(A.OutDir)) {
      llvm::errs() << "lockgraph: error: cannot create '" << A.OutDir << "': " << EC.message()
                   << "\n";
      return ExitUsage;
    }
    if (const char *Why = rt::unsafeFolderReason(A.OutDir.c_str())) {
      llvm::errs() << "lockgraph: error: --out '" << A.OutDir << "' is refused: " << Why
                   << "\n";
      return ExitUsage;
    }
    if (::access(A.OutDir.c_str(), W_OK | X_OK) != 0) {
      llvm::errs() << "lockgraph: error: --out '" << A.OutDir
                   << "': traces cannot be written there (" << std::strerror(errno) << ")\n";
      return ExitUsage;
    }
    TraceDir = absolute(A.OutDir);
  } else {
    llvm::SmallString<128> Tmp;
    if (std::error_code EC = llvm::sys::fs::createUniqueDirectory("lockgraph-run", Tmp)) {
      llvm::errs() << "lockgraph: error: cannot create a directory for traces: "
                   << EC.message() << "\n";
      return ExitUsage;
    }
    TraceDir = std::string(Tmp);
    RemoveTraceDir = true;
  }
  auto Cleanup = llvm::make_scope_exit([&] {
    if (RemoveTraceDir)
      llvm::sys::fs::remove_directories(TraceDir);
  });

  // The environment: ours first in LD_PRELOAD, options appended to the user's.
  std::vector<std::string> Env;
  std::string OldPreload, OldOptions;
  for (char **E = environ; *E; ++E) {
    llvm::StringRef Var(*E);
    if (Var.consume_front("LD_PRELOAD="))
      OldPreload = Var.str();
    else if (Var.consume_front("LOCKGRAPH_OPTIONS="))
      OldOptions = Var.str();
    else
      Env.push_back(*E);
  }
  Env.push_back("LD_PRELOAD=" + Preload + (OldPreload.empty() ? "" : " " + OldPreload));
  std::string Options = OldOptions;
  auto AddOption = [&](const std::string &Pair) {
    Options += (Options.empty() ? "" : ":") + Pair;
  };
  if (A.ExitCode >= 0)
    AddOption("exitcode=" + std::to_string(A.ExitCode));
  AddOption("trace_dir=" + TraceDir);
  const std::string RunId = newRunId();
  AddOption("run_id=" + RunId);
  if (!A.Suppressions.empty())
    AddOption("suppressions=" + absolute(A.Suppressions));
  if (!Options.empty())
    Env.push_back("LOCKGRAPH_OPTIONS=" + Options);

  std::vector<char *> Argv, Envp;
  for (const std::string &S : A.Command)
    Argv.push_back(const_cast<char *>(S.c_str()));
  Argv.push_back(nullptr);
  for (const std::string &S : Env)
    Envp.push_back(const_cast<char *>(S.c_str()));
  Envp.push_back(nullptr);

  struct sigaction Forward = {};
  Forward.sa_handler = forwardSignal;
  sigemptyset(&Forward.sa_mask);
  for (int Sig : {SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2})
    sigaction(Sig, &Forward, nullptr);

  const std::vector<std::string> TracesBefore = traceFilesIn(TraceDir); // sorted
  // The command leads a process group of its own, so that a forwarded signal reaches
  // all it starts; on a terminal, that group gets the terminal while it runs.
  posix_spawnattr_t Attr;
  posix_spawnattr_init(&Attr);
  posix_spawnattr_setpgroup(&Attr, 0);
  posix_spawnattr_setflags(&Attr, POSIX_SPAWN_SETPGROUP);
  pid_t Pid;
  int Err = posix_spawn(&Pid, Program.c_str(), nullptr, &Attr, Argv.data(), Envp.data());
  posix_spawnattr_destroy(&Attr);
  if (Err != 0) {
    llvm::errs() << "lockgraph: error: cannot run '" << Program << "': " << strerror(Err)
                 << "\n";
    return 127;
  }
  Child = Pid;
  TerminalHandover Terminal(Pid);
  int WaitStatus = 0;
  while (waitpid(Pid, &WaitStatus, 0) < 0 && errno == EINTR) {
  }
  Terminal.takeBack();
  int Status = 1;
  if (WIFEXITED(WaitStatus)) {
    Status = WEXITSTATUS(WaitStatus);
  } else if (WIFSIGNALED(WaitStatus)) {
    llvm::errs() << "lockgraph: '" << A.Command[0] << "' was killed by signal "
                 << WTERMSIG(WaitStatus) << " (" << strsignal(WTERMSIG(WaitStatus)) << ")\n";
    Status = 128 + WTERMSIG(WaitStatus);
  }
  if (TraceDir.empty())
    return Status;
  return reportRun(A, TraceDir, TracesBefore, RunId, Pid, Status, libraryExitCode(Options),
                   Suppressions, SuppressionsFile);
}

} // namespace lockgraph
