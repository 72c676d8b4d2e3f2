// lockgraph: one executable, one subcommand per job. Options are declared here with
// llvm::cl and copied into the plain structs of Commands.h.
#include "Commands.h"
#include "Version.h"
#include "checks/Check.h"

#include "lockgraph/Writers.h"

#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>
#include <malloc.h>

#ifndef LOCKGRAPH_CLANG_RESOURCE_DIR
#define LOCKGRAPH_CLANG_RESOURCE_DIR ""
#endif

namespace cl = llvm::cl;
using namespace lockgraph;

static cl::OptionCategory Category("lockgraph options");

static cl::SubCommand CheckCmd("check", "Analyze C/C++ sources for lock-order inversions "
                                        "and lock misuse");
static cl::SubCommand LinkCmd("link", "Merge facts directories (from --facts-dir, e.g. "
                                      "shards) and report");
static cl::SubCommand RulesCmd("rules", "List the finding catalogue");
static cl::SubCommand RunCmd("run", "Run a program with the preload library: "
                                    "lockgraph run [--exitcode N] [--out DIR] -- CMD ARGS");
static cl::SubCommand ReportCmd("report", "Merge, symbolize and report runtime traces: "
                                          "lockgraph report TRACE|DIR...");

static cl::opt<int> RunExitCode("exitcode", cl::desc("Exit code when something was found "
                                                     "(default 66)"),
                                cl::init(-1), cl::sub(RunCmd), cl::cat(Category));

static cl::opt<std::string> OutDir("out", cl::desc("Keep the processes' traces in this "
                                                  "directory (default: a temporary one, "
                                                  "removed afterwards)"),
                                   cl::value_desc("dir"), cl::sub(RunCmd), cl::cat(Category));

// --- report ------------------------------------------------------------------------
static cl::list<std::string> TracePaths(cl::Positional,
                                        cl::desc("<trace file or directory of *.trace>..."),
                                        cl::sub(ReportCmd), cl::cat(Category));
static cl::opt<std::string> SuppressionsFile("suppressions",
                                             cl::desc("Drop runtime findings matched by "
                                                      "this file's <rule-id>:<glob> lines"),
                                             cl::value_desc("file"), cl::sub(ReportCmd),
                                             cl::sub(RunCmd), cl::cat(Category));

// --- check -------------------------------------------------------------------------
static cl::opt<std::string> BuildPath("p", cl::desc("Build directory with compile_commands.json"),
                                      cl::value_desc("build-dir"), cl::sub(CheckCmd),
                                      cl::cat(Category));
static cl::list<std::string> Sources(cl::Positional, cl::desc("[sources...] [-- flags]"),
                                     cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<unsigned> Jobs("j", cl::desc("Translation units analyzed in parallel "
                                            "(default: all cores)"),
                              cl::init(0), cl::Prefix, cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string> Exclude("exclude", cl::desc("Skip translation units whose path "
                                                        "matches this regex"),
                                    cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string> FactsDir("facts-dir", cl::desc("Keep per-TU facts here and reuse "
                                                           "them while command and inputs "
                                                           "are unchanged"),
                                     cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string> Shard("shard", cl::desc("Analyze slice I of N (1-based) of the "
                                                    "database"),
                                  cl::value_desc("I/N"), cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<bool> NoLink("no-link", cl::desc("Only write facts (with --facts-dir); "
                                                "report later with 'lockgraph link'"),
                            cl::sub(CheckCmd), cl::cat(Category));
static cl::list<std::string> ApiFiles("api", cl::desc("An extra lock-API model (YAML, "
                                                      "format of rules/apis/)"),
                                      cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string> ResourceDir("resource-dir",
                                        cl::desc("Clang resource directory (builtin headers)"),
                                        cl::init(LOCKGRAPH_CLANG_RESOURCE_DIR),
                                        cl::sub(CheckCmd), cl::cat(Category));

// --- link --------------------------------------------------------------------------
static cl::list<std::string> FactsDirs(cl::Positional, cl::desc("<facts-dir>..."),
                                       cl::OneOrMore, cl::sub(LinkCmd), cl::cat(Category));

// --- output, shared by check and link ----------------------------------------------
static cl::opt<std::string> Format("format", cl::desc("text | json | sarif | dot | codeclimate | html"),
                                   cl::init("text"), cl::sub(CheckCmd), cl::sub(LinkCmd),
                                   cl::sub(RulesCmd), cl::sub(ReportCmd), cl::sub(RunCmd),
                                   cl::cat(Category));
static cl::opt<std::string> OutputFile("o", cl::desc("Write the report here"),
                                       cl::value_desc("file"), cl::sub(CheckCmd),
                                       cl::sub(LinkCmd), cl::sub(ReportCmd), cl::sub(RunCmd),
                                       cl::cat(Category));
static cl::opt<std::string> BaseDir("base-dir", cl::desc("Print paths relative to this "
                                                         "directory (default: current)"),
                                    cl::sub(CheckCmd), cl::sub(LinkCmd), cl::sub(ReportCmd),
                                    cl::sub(RunCmd), cl::cat(Category));
static cl::opt<std::string> FailOn("fail-on", cl::desc("Exit 1 (run: the exitcode) for "
                                                       "findings of this severity or above: "
                                                       "note | warning | error"),
                                   cl::init("warning"), cl::sub(CheckCmd), cl::sub(LinkCmd),
                                   cl::sub(ReportCmd), cl::sub(RunCmd), cl::cat(Category));
static cl::opt<std::string> Baseline("baseline", cl::desc("Report only findings whose "
                                                          "fingerprint is not in this file"),
                                     cl::sub(CheckCmd), cl::sub(LinkCmd), cl::sub(ReportCmd),
                                     cl::cat(Category));
static cl::opt<std::string> WriteBaseline("write-baseline",
                                          cl::desc("Write the findings' fingerprints here"),
                                          cl::sub(CheckCmd), cl::sub(LinkCmd),
                                          cl::sub(ReportCmd), cl::cat(Category));
static cl::opt<bool> IndirectCalls("indirect-calls",
                                   cl::desc("Follow virtual calls and calls through function "
                                            "pointers to their few possible targets "
                                            "(experimental: precision not yet measured)"),
                                   cl::sub(CheckCmd), cl::sub(LinkCmd), cl::cat(Category));
static cl::opt<bool> IncludeMay("include-may", cl::desc("Also report cycles that need a lock "
                                                        "held on some paths only"),
                                cl::sub(CheckCmd), cl::sub(LinkCmd), cl::cat(Category));
static cl::opt<double> GuardShare("guard-share",
                                  cl::desc("unprotected-rmw: a lock guards a variable when "
                                           "held at no less than this share of its "
                                           "accesses (default 0.5)"),
                                  cl::init(0.5), cl::sub(CheckCmd), cl::sub(LinkCmd),
                                  cl::cat(Category));
static cl::opt<double> GuardWriteWeight("guard-write-weight",
                                        cl::desc("unprotected-rmw: how many reads a write "
                                                 "counts as in that share (default 2)"),
                                        cl::init(2.0), cl::sub(CheckCmd), cl::sub(LinkCmd),
                                        cl::cat(Category));
static cl::opt<std::string> StaticReport("static",
                                         cl::desc("Join this `check --format json` report "
                                                  "with the traces"),
                                         cl::sub(ReportCmd), cl::cat(Category));
static cl::opt<double> ContentionShare(
    "contention-share",
    cl::desc("contention: report a lock when threads waited for it at least this "
             "percentage of their run time (default 2)"),
    cl::init(2.0), cl::sub(ReportCmd), cl::sub(RunCmd), cl::cat(Category));
static cl::opt<double> ContentionMinWait(
    "contention-min-wait",
    cl::desc("contention: and at least this many milliseconds in total (default 10)"),
    cl::init(10.0), cl::sub(ReportCmd), cl::sub(RunCmd), cl::cat(Category));
static cl::opt<bool> Quiet("quiet", cl::desc("No progress lines (a CI log gets one every "
                                             "10 s when stderr is not a terminal)"),
                           cl::sub(CheckCmd), cl::cat(Category));
static cl::opt<std::string> RulesDir("rules-dir", cl::desc("The rules/ directory (default: "
                                                           "installed or source tree)"),
                                     cl::sub(CheckCmd), cl::sub(LinkCmd), cl::sub(RulesCmd),
                                     cl::sub(ReportCmd), cl::sub(RunCmd), cl::cat(Category));

static void printVersion(llvm::raw_ostream &OS) {
  OS << "lockgraph " << LOCKGRAPH_VERSION << " (Clang " << LLVM_VERSION_STRING << ")\n";
}

static bool validOutput() {
  OutputFormat F;
  if (!parseOutputFormat(Format, F)) {
    llvm::errs() << "lockgraph: error: unknown --format '" << Format
                 << "' (text, json, sarif, dot, codeclimate, html)\n";
    return false;
  }
  Severity S;
  if (!parseSeverity(FailOn, S)) {
    llvm::errs() << "lockgraph: error: unknown --fail-on '" << FailOn
                 << "' (note, warning, error)\n";
    return false;
  }
  if (!BaseDir.empty() && !llvm::sys::fs::is_directory(BaseDir)) {
    llvm::errs() << "lockgraph: error: --base-dir '" << BaseDir
                 << "' is not a directory\n";
    return false;
  }
  if (std::string E = contentionOptionsError(ContentionShare, ContentionMinWait); !E.empty()) {
    llvm::errs() << "lockgraph: error: " << E << "\n";
    return false;
  }
  if (std::string E = guardOptionsError(GuardShare, GuardWriteWeight); !E.empty()) {
    llvm::errs() << "lockgraph: error: " << E << "\n";
    return false;
  }
  return true;
}

// The command line, for the report's overview.
static std::string CommandLine;

static OutputArgs outputArgs(const char *Argv0) {
  OutputArgs O;
  O.CommandLine = CommandLine;
  O.Format = Format;
  O.OutputFile = OutputFile;
  O.FailOn = FailOn;
  O.Baseline = Baseline;
  O.WriteBaseline = WriteBaseline;
  O.IncludeMay = IncludeMay;
  O.IndirectCalls = IndirectCalls;
  O.GuardShare = GuardShare;
  O.GuardWriteWeight = GuardWriteWeight;
  O.Contention.Share = ContentionShare / 100;
  O.Contention.MinWaitNs = uint64_t(ContentionMinWait * 1e6);
  O.RulesDir = RulesDir;
  O.Argv0 = Argv0;
  llvm::SmallString<256> Base(BaseDir.empty() ? "." : BaseDir.getValue());
  llvm::sys::fs::make_absolute(Base);
  llvm::sys::fs::real_path(Base, Base);
  O.BaseDir = std::string(Base);
  return O;
}

int main(int argc, char **argv) {
  llvm::InitLLVM X(argc, argv);
  // Parsing facts and ASTs makes and frees millions of small objects in waves: by
  // default glibc hands the freed top of the heap back to the kernel and faults it in
  // again for the next wave (a fifth of `lockgraph link` on 1,000 TUs). Grow the heap
  // in large steps and keep it: address space, not resident memory.
  mallopt(M_TOP_PAD, 256 << 20);
  mallopt(M_TRIM_THRESHOLD, 1 << 30);
  {
    llvm::raw_string_ostream OS(CommandLine);
    OS << "lockgraph";
    for (int I = 1; I < argc; ++I) {
      OS << ' ';
      llvm::sys::printArg(OS, argv[I], /*Quote=*/false);
    }
  }
  // Everything after "--" is compiler flags for the sources, as in clang-tidy.
  int Argc = argc;
  std::vector<std::string> Flags;
  bool HasFlags = false;
  for (int I = 1; I < argc; ++I)
    if (std::strcmp(argv[I], "--") == 0) {
      HasFlags = true;
      Flags.assign(argv + I + 1, argv + argc);
      Argc = I;
      break;
    }
  cl::HideUnrelatedOptions(Category);
  cl::SetVersionPrinter(printVersion);
  if (Argc < 2) {
    llvm::errs() << "usage: lockgraph <check|link|run|report|rules> [options]   "
                    "(lockgraph --help)\n";
    return ExitUsage;
  }
  if (!cl::ParseCommandLineOptions(Argc, argv,
                                   "lockgraph: finds lock-order inversions and lock misuse "
                                   "in C and C++\n",
                                   &llvm::errs()))
    return ExitUsage;

  if (CheckCmd) {
    if (!validOutput())
      return ExitUsage;
    CheckArgs A;
    A.Out = outputArgs(argv[0]);
    A.BuildPath = BuildPath;
    A.Sources.assign(Sources.begin(), Sources.end());
    A.CompilerFlags = Flags;
    A.HasCompilerFlags = HasFlags;
    A.Jobs = Jobs;
    A.Exclude = Exclude;
    A.FactsDir = FactsDir;
    A.Shard = Shard;
    A.NoLink = NoLink;
    A.ApiFiles.assign(ApiFiles.begin(), ApiFiles.end());
    A.ResourceDir = ResourceDir;
    A.Quiet = Quiet;
    return runCheck(A);
  }
  if (LinkCmd) {
    if (!validOutput())
      return ExitUsage;
    LinkArgs A;
    A.Out = outputArgs(argv[0]);
    A.FactsDirs.assign(FactsDirs.begin(), FactsDirs.end());
    return runLink(A);
  }
  if (RunCmd) {
    if (!validOutput())
      return ExitUsage;
    if (RunExitCode.getNumOccurrences() && (RunExitCode < 0 || RunExitCode > 255)) {
      llvm::errs() << "lockgraph: error: --exitcode " << RunExitCode
                   << " is not an exit status (0..255)\n";
      return ExitUsage;
    }
    RunArgs A;
    A.Command = Flags;
    A.ExitCode = RunExitCode;
    A.Argv0 = argv[0];
    A.OutDir = OutDir;
    A.Suppressions = SuppressionsFile;
    A.Out = outputArgs(argv[0]);
    return runProgram(A);
  }
  if (ReportCmd) {
    if (!validOutput())
      return ExitUsage;
    ReportArgs A;
    A.Out = outputArgs(argv[0]);
    A.Inputs.assign(TracePaths.begin(), TracePaths.end());
    A.Suppressions = SuppressionsFile;
    A.Static = StaticReport;
    return runReport(A);
  }
  if (RulesCmd) {
    if (Format != "text" && Format != "json") {
      llvm::errs() << "lockgraph: error: rules --format takes text or json\n";
      return ExitUsage;
    }
    RulesArgs A;
    A.Format = Format;
    A.RulesDir = RulesDir;
    A.Argv0 = argv[0];
    return runRules(A);
  }
  llvm::errs() << "lockgraph: error: unknown subcommand (check, link, run, report, rules)\n";
  return ExitUsage;
}
