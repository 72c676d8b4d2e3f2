// LOCKGRAPH_OPTIONS: sanitizer syntax "key=value:key=value" (':' , ',' or whitespace
// separate pairs). Every option is declared once in LOCKGRAPH_OPTION_LIST below, which
// gives its name, type, default and help text; parsing and help=1 are generated from it.
#pragma once

#include <cstddef>

namespace lockgraph {
namespace rt {

//   X(type, name, default, help)   type: Int | Bool | Str
#define LOCKGRAPH_OPTION_LIST(X)                                                       \
  X(Int, exitcode, 66, "exit code used when a finding was reported and the program "  \
                       "would otherwise exit 0")                                      \
  X(Int, stack_depth, 16, "frames captured per stack (1..64)")                        \
  X(Str, log_path, "", "write reports to <log_path>.<pid> instead of stderr")         \
  X(Int, verbosity, 0, "0: reports only; 1: also runtime messages")                   \
  X(Bool, halt_on_error, false, "exit with exitcode right after the first report")    \
  X(Bool, detect_lock_order_inversion, true, "report lock-order-inversion")           \
  X(Bool, detect_double_lock, true, "report double-lock")                             \
  X(Bool, detect_bad_unlock, true, "report bad-unlock")                               \
  X(Bool, detect_lock_leak, true, "report lock-leak at thread exit")                  \
  X(Bool, detect_deadlock, true, "run the deadlock watchdog (wait-for graph)")       \
  X(Int, deadlock_timeout, 2, "seconds a wait-for cycle (or a wait for a lock "       \
                              "whose owner exited) must persist to be a deadlock")   \
  X(Bool, abort_on_deadlock, true, "after a deadlock report, exit with exitcode "    \
                                   "(otherwise report once and keep waiting)")     \
  X(Bool, detect_busy_wait, true, "report busy-wait: trylock spins, sleep or yield "  \
                                  "polls, long spinlock spins")                     \
  X(Int, busy_wait_rounds, 1000, "busy-wait: failed trylocks or sched_yield calls in " \
                                 "a row from one site (with busy_wait_ms)")         \
  X(Int, poll_rounds, 50, "busy-wait: short sleeps in a row from one site (with "    \
                          "busy_wait_ms)")                                          \
  X(Int, busy_wait_ms, 100, "busy-wait: ... lasting at least this long")             \
  X(Int, busy_wait_interval_ms, 10, "busy-wait: a sleep this long or longer, or a "  \
                                    "pause this long between rounds, is no poll")   \
  X(Int, spin_ms, 10, "busy-wait: a pthread_spin_lock spinning this long")           \
  X(Bool, detect_livelock, true, "report livelock (threads failing trylocks on "     \
                                 "each other's locks)")                             \
  X(Int, livelock_rounds, 1000, "livelock: failed trylocks in a row on each side")   \
  X(Bool, detect_starvation, true, "report starvation (needs the watchdog)")         \
  X(Int, starvation_ms, 1000, "starvation: a lock wait at least this long ...")      \
  X(Int, starvation_overtakes, 100, "... while others acquired the lock this often") \
  X(Str, trace_dir, "", "write this process's trace file (docs/trace-format.md) "    \
                        "into this directory (lockgraph run --out sets it)")          \
  X(Str, run_id, "", "set by lockgraph run: the run the trace belongs to (in the "   \
                     "header's options; run reports only its own traces)")           \
  X(Str, suppressions, "", "file of <id>:<glob> lines; findings whose frames match "  \
                           "a glob (function or module path) are not reported")     \
  X(Bool, help, false, "print the options and their defaults to stderr")

constexpr size_t kMaxOptionString = 256;
constexpr int kMaxStackDepth = 64;

struct Options {
#define LG_OPT_Int(name, def) int name = def;
#define LG_OPT_Bool(name, def) bool name = def;
#define LG_OPT_Str(name, def) char name[kMaxOptionString] = def;
#define LG_OPT_FIELD(type, name, def, help) LG_OPT_##type(name, def)
  LOCKGRAPH_OPTION_LIST(LG_OPT_FIELD)
#undef LG_OPT_FIELD
#undef LG_OPT_Int
#undef LG_OPT_Bool
#undef LG_OPT_Str
};

// Called with a NUL-terminated message for each problem (unknown key, bad value).
using OptionErrorFn = void (*)(const char *Message, void *Ctx);
// Called with pieces of the help text; Help output is complete lines.
using OptionTextFn = void (*)(const char *Text, void *Ctx);

// Parses Text into Opts (fields not mentioned keep their values). Returns the number
// of errors; every well-formed pair is applied even when others are not. Allocates
// nothing. Text may be null.
int parseOptions(const char *Text, Options &Opts, OptionErrorFn OnError, void *Ctx);

// Writes one line per option: "  name=<default>  help".
void printOptionHelp(OptionTextFn Out, void *Ctx);

} // namespace rt
} // namespace lockgraph
