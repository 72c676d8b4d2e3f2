// lockgraph run -- CMD ARGS: runs a program with the preload library, forwarding
// signals, and exits with the program's status (the library turns a clean exit into
// its exitcode when it reported something).
#include "Commands.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <elf.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

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

pid_t Child = -1;

void forwardSignal(int Sig) {
  if (Child > 0)
    kill(Child, Sig);
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
  if (A.ExitCode >= 0)
    Options += (Options.empty() ? "" : ":") + std::string("exitcode=") + std::to_string(A.ExitCode);
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

  pid_t Pid;
  int Err = posix_spawn(&Pid, Program.c_str(), nullptr, nullptr, Argv.data(), Envp.data());
  if (Err != 0) {
    llvm::errs() << "lockgraph: error: cannot run '" << Program << "': " << strerror(Err)
                 << "\n";
    return 127;
  }
  Child = Pid;
  int Status = 0;
  while (waitpid(Pid, &Status, 0) < 0 && errno == EINTR) {
  }
  if (WIFEXITED(Status))
    return WEXITSTATUS(Status);
  if (WIFSIGNALED(Status)) {
    llvm::errs() << "lockgraph: '" << A.Command[0] << "' was killed by signal "
                 << WTERMSIG(Status) << " (" << strsignal(WTERMSIG(Status)) << ")\n";
    return 128 + WTERMSIG(Status);
  }
  return 1;
}

} // namespace lockgraph
