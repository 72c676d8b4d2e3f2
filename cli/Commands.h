// The lockgraph subcommands, each taking plain option structs filled by main.cpp, so
// they can be called (and tested) without the command-line parser.
#pragma once

#include "lockgraph/Contention.h"

#include <string>
#include <vector>

namespace lockgraph {

constexpr int ExitClean = 0;
constexpr int ExitFindings = 1;
constexpr int ExitUsage = 2;

struct OutputArgs {
  std::string Format = "text";
  std::string OutputFile;
  std::string BaseDir;
  std::string FailOn = "warning";
  std::string Baseline;
  std::string WriteBaseline;
  bool IncludeMay = false;
  bool IndirectCalls = false;
  double GuardShare = 0.5;  // unprotected-rmw's guard inference (checks/Check.h)
  double GuardWriteWeight = 2.0;
  ContentionOptions Contention; // report, run
  std::string RulesDir;
  std::string Argv0;
  std::string CommandLine; // as typed, for the HTML overview
};

struct CheckArgs {
  OutputArgs Out;
  std::string BuildPath;
  std::vector<std::string> Sources;
  std::vector<std::string> CompilerFlags;
  bool HasCompilerFlags = false;
  unsigned Jobs = 0;
  std::string Exclude;
  std::string FactsDir;
  std::string Shard; // "I/N"
  bool NoLink = false;
  std::vector<std::string> ApiFiles;
  std::string ResourceDir;
  bool Quiet = false; // no progress lines
};

struct LinkArgs {
  OutputArgs Out;
  std::vector<std::string> FactsDirs;
};

struct ReportArgs {
  OutputArgs Out;
  std::vector<std::string> Inputs; // trace files, or directories of *.trace
  std::string Suppressions;        // `<rule-id>:<glob>` lines
  std::string Static;              // a `check --format json` report to join
};

struct RunArgs {
  std::vector<std::string> Command; // after "--"
  int ExitCode = -1;                // -1: the library's default (66)
  std::string Argv0;
  std::string OutDir;       // traces go here; "" = a temporary directory, removed after
  std::string Suppressions; // for the runtime and the report
  OutputArgs Out;           // the report of the traces; text on stderr by default
};

struct RulesArgs {
  std::string Format = "text";
  std::string RulesDir;
  std::string Argv0;
};

int runCheck(const CheckArgs &A);
int runLink(const LinkArgs &A);
int runRules(const RulesArgs &A);
int runProgram(const RunArgs &A);
int runReport(const ReportArgs &A);

} // namespace lockgraph
