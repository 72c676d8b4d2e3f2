// Report output: a growable text buffer (Writer) and whole-report writes to stderr or
// the log_path file. No malloc: the buffer comes from pageAlloc.
#pragma once

#include <dlfcn.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/Arena.h"
#include "../core/Decimal.h"

namespace lockgraph {
namespace rt {

class Writer {
public:
  Writer() = default;
  ~Writer() { pageFree(Buf, Cap); }
  Writer(const Writer &) = delete;
  Writer &operator=(const Writer &) = delete;

  void put(const char *S) {
    while (*S)
      putc1(*S++);
  }
  void putc1(char C) {
    if (Len + 1 > Cap && !growArray(Buf, Cap, Len + 1))
      return;
    Buf[Len++] = C;
  }
  void dec(uint64_t V) {
    Decimal D = decimal(V);
    for (size_t I = 0; I < D.Length; ++I)
      putc1(D.Text[I]);
  }
  void hex(uint64_t V) {
    put("0x");
    char T[20];
    int N = 0;
    do {
      T[N++] = "0123456789abcdef"[V & 15];
      V >>= 4;
    } while (V);
    while (N)
      putc1(T[--N]);
  }
  // "0xPC (module+0xoff)"; dladdr neither allocates nor takes our locks.
  void frame(uintptr_t PC) {
    hex(PC);
    Dl_info Info;
    if (dladdr(reinterpret_cast<void *>(PC), &Info) && Info.dli_fname) {
      put(" (");
      put(Info.dli_fname[0] ? Info.dli_fname : "<main>");
      put("+");
      hex(PC - reinterpret_cast<uintptr_t>(Info.dli_fbase));
      put(")");
    } else {
      put(" (<unknown module>)");
    }
  }
  void stack(const uintptr_t *F, uint32_t N) {
    if (!N) {
      put("    <no stack>\n");
      return;
    }
    for (uint32_t I = 0; I < N; ++I) {
      put("    #");
      dec(I);
      put(" ");
      frame(F[I]);
      put("\n");
    }
  }
  void summary(const char *Id, const uintptr_t *F, uint32_t N) {
    put("SUMMARY: lockgraph: ");
    put(Id);
    if (N) {
      put(" ");
      frame(F[0]);
    }
    put("\n");
  }
  const char *data() const { return Buf; }
  size_t size() const { return Len; }

private:
  char *Buf = nullptr;
  size_t Len = 0, Cap = 0;
};

void writeAll(int Fd, const char *P, size_t N);
// Writes W in one piece (OutputLock), to log_path.<pid> or stderr.
void emit(const Writer &W);
// "lockgraph: <Text>" as one line.
void message(const char *Text);
// Emits a finished report and counts it (halt_on_error ends the process).
void emitReport(const Writer &W);
// Ends the process now with the exitcode option's status; Reason ("exit" after
// findings, "deadlock") goes into the trace's end record.
[[noreturn]] void exitNow(const char *Reason);
// Says once that bookkeeping memory ran out.
void warnOutOfMemory();

} // namespace rt
} // namespace lockgraph
