// exec* and _exit: the points where a process image ends without running atexit
// handlers, so the trace is completed here. glibc's execl*/execvp* reach execve
// internally (not through the PLT), so each entry point is intercepted.
#include <stdarg.h>
#include <unistd.h>

#include "InterceptorBodies.h"
#include "Runtime.h"

using namespace lockgraph::rt;

#define LG_EXPORT extern "C" __attribute__((visibility("default")))

namespace {

LG_NEXT(execve, int (*)(const char *, char *const[], char *const[]))
LG_NEXT(execv, int (*)(const char *, char *const[]))
LG_NEXT(execvp, int (*)(const char *, char *const[]))
LG_NEXT(execvpe, int (*)(const char *, char *const[], char *const[]))
LG_NEXT(fexecve, int (*)(int, char *const[], char *const[]))
LG_NEXT(_exit, void (*)(int))
LG_NEXT(_Exit, void (*)(int))

void aboutToExec() {
  if (hooksActive()) {
    RuntimeScope Scope;
    beforeExec();
  }
}

int immediateExit(int Status) {
  if (!hooksActive())
    return Status;
  RuntimeScope Scope;
  return beforeImmediateExit(Status);
}

// The variadic execl* take their argument list on the stack; it is copied into an
// array there too (no malloc: exec may run in a child of a multithreaded fork).
constexpr int kMaxExeclArgs = 4096;

} // namespace

LG_EXPORT int execve(const char *Path, char *const Argv[], char *const Envp[]) {
  auto Real = next_execve();
  aboutToExec();
  return Real(Path, Argv, Envp);
}

LG_EXPORT int execv(const char *Path, char *const Argv[]) {
  auto Real = next_execv();
  aboutToExec();
  return Real(Path, Argv);
}

LG_EXPORT int execvp(const char *File, char *const Argv[]) {
  auto Real = next_execvp();
  aboutToExec();
  return Real(File, Argv);
}

LG_EXPORT int execvpe(const char *File, char *const Argv[], char *const Envp[]) {
  auto Real = next_execvpe();
  aboutToExec();
  return Real(File, Argv, Envp);
}

LG_EXPORT int fexecve(int Fd, char *const Argv[], char *const Envp[]) {
  auto Real = next_fexecve();
  aboutToExec();
  return Real(Fd, Argv, Envp);
}

#define LG_COLLECT_ARGS(First, Last, Extra)                                            \
  char *Args[kMaxExeclArgs];                                                           \
  int N = 0;                                                                           \
  va_list Ap;                                                                          \
  va_start(Ap, Last);                                                                  \
  Args[N++] = const_cast<char *>(First);                                               \
  while (Args[N - 1] && N < kMaxExeclArgs)                                             \
    Args[N++] = va_arg(Ap, char *);                                                    \
  Extra;                                                                               \
  va_end(Ap);                                                                          \
  if (Args[N - 1]) {                                                                   \
    errno = E2BIG;                                                                     \
    return -1;                                                                         \
  }

LG_EXPORT int execl(const char *Path, const char *Arg, ...) {
  LG_COLLECT_ARGS(Arg, Arg, (void)0)
  return execv(Path, Args);
}

LG_EXPORT int execlp(const char *File, const char *Arg, ...) {
  LG_COLLECT_ARGS(Arg, Arg, (void)0)
  return execvp(File, Args);
}

LG_EXPORT int execle(const char *Path, const char *Arg, ...) {
  char **Envp = nullptr;
  LG_COLLECT_ARGS(Arg, Arg, Envp = va_arg(Ap, char **))
  return execve(Path, Args, Envp);
}

LG_EXPORT void _exit(int Status) {
  auto Real = next__exit();
  Real(immediateExit(Status));
  __builtin_unreachable();
}

LG_EXPORT void _Exit(int Status) {
  auto Real = next__Exit();
  Real(immediateExit(Status));
  __builtin_unreachable();
}
