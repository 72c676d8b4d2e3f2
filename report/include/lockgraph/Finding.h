// The model shared by the static analyzer and the runtime half: what a finding is,
// independent of how it was found and of the format it is written in.
//
// Writers (text, JSON, SARIF, DOT) read only these types; the analyzer and the runtime
// report build them. Keep this header free of Clang and Boost so both halves can use it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace lockgraph {

enum class Severity { Note, Warning, Error };

const char *severityName(Severity S); // "note" | "warning" | "error"
bool parseSeverity(const std::string &Name, Severity &Out);

// A place in the user's source. File is absolute when known; writers make it relative
// to Report::BaseDir where they need relative paths (SARIF). Line and Column are
// 1-based; 0 means unknown.
struct SourceLocation {
  std::string File;
  unsigned Line = 0;
  unsigned Column = 0;

  bool valid() const { return !File.empty() && Line != 0; }
};

// A secondary location with what happened there ("note:" lines in text, SARIF
// relatedLocations).
struct RelatedLocation {
  SourceLocation Loc;
  std::string Message;
};

// One step of the path that leads to a finding (SARIF codeFlows/threadFlows). For a
// lock-order cycle there is one flow per edge: where the first lock was taken, each
// call on the way, where the second lock was taken while the first was held.
struct FlowStep {
  SourceLocation Loc;
  std::string Message;
  std::string Function; // qualified name of the function the step is in, may be empty
  // Runtime steps: the program frames below this one, innermost first ("called from
  // f"), the stack the HTML page shows under the step.
  std::vector<RelatedLocation> Callers;
};
using Flow = std::vector<FlowStep>;

// One edge of the lock-order graph: To was acquired while From was held.
struct LockEdge {
  std::string From; // lock display names, as in Finding::Locks
  std::string To;
  // Identities, when two locks may share a display name (two functions' local `m`);
  // empty: the display name is the identity.
  std::string FromKey, ToKey;
  SourceLocation Site;      // where To was acquired (or the call that acquires it)
  SourceLocation HeldSite;  // where From was acquired
  std::string Function;     // the function holding From when To is taken
  std::vector<std::string> CallChain; // "f (a.c:12)" steps from Function down to the acquisition
  bool MayOnly = false;     // From is held on some paths only
  bool InCycle = false;     // part of a reported cycle (DOT highlights it)
};

struct Finding {
  std::string RuleId;      // catalogue id without prefix: "lock-order-inversion"
  Severity Level = Severity::Warning;
  std::string Message;     // one sentence, names the locks and functions
  SourceLocation Primary;  // the line a user fixes; "// expect:" in testdata points here
  std::vector<RelatedLocation> Notes;
  std::vector<Flow> Flows;
  std::vector<std::string> Locks; // display names of the locks involved, in cycle order
  std::vector<LockEdge> Edges;    // for lock-order findings: the cycle's edges
  std::string Function;    // function the primary location is in (qualified), may be empty
  std::string Fingerprint; // stable across line moves; see Fingerprint.h
  std::string Origin = "static"; // "static" | "runtime" | "static+runtime"
  unsigned Count = 1;      // how many times (processes, sites) it was seen
  int ContentionIndex = -1; // contention: its lock in Report::Contention
  // A static lock-order finding every edge of which some run took (report --static).
  bool ConfirmedAtRuntime = false;
};

// Which static lock-order edges a run took (report --static).
struct EdgeCoverage {
  bool Joined = false;
  unsigned StaticEdges = 0, Exercised = 0;
  std::vector<LockEdge> Unexercised;
};

// The runtime's lock statistics (docs/runtime-stats.md), the contention table.
// A lock's waits counted at one call site.
struct ContentionSite {
  std::string Where;     // "contended.c:40 in rare_heavy_section()", or a module offset
  SourceLocation Loc;
  std::string Function;
  uint64_t Count = 0;
  uint64_t WaitNs = 0;
  uint64_t MaxWaitNs = 0;
};

// One lock over every process that used it (same variable, or same first-use site).
struct LockContention {
  std::string Key;  // identity across processes
  std::string Name; // "mutex hot_lock", "mutex@pool.c:40"
  std::string Kind; // "mutex", "rwlock", "spinlock", ...
  SourceLocation FirstUse;
  uint64_t Acquisitions = 0, Shared = 0, OwnerChanges = 0;
  uint64_t Contended = 0, WaitNs = 0, MaxWaitNs = 0;
  uint64_t HoldSamples = 0, HoldNs = 0, MaxHoldNs = 0;
  uint64_t ThreadNs = 0; // thread time of the processes that used it
  unsigned Processes = 0;
  std::vector<ContentionSite> Waiters, Holders; // highest wait first

  // The total hold time, estimated from the sampled holds (0 without samples).
  uint64_t estimatedHoldNs() const {
    return HoldSamples ? uint64_t(double(HoldNs) * double(Acquisitions + Shared) /
                                  double(HoldSamples))
                       : 0;
  }
  double waitShare() const { return ThreadNs ? double(WaitNs) / double(ThreadNs) : 0; }
};

// Everything a writer needs.
struct Report {
  std::string ToolVersion;
  std::string BaseDir; // SARIF %SRCROOT%; text/JSON print paths relative to it when inside
  std::vector<Finding> Findings;
  std::vector<LockEdge> Graph; // the whole lock-order graph, for DOT
  std::string CommandLine; // the lockgraph command that made the report (the HTML overview)
  unsigned Processes = 0;  // runtime reports: processes whose traces were read
  unsigned TranslationUnits = 0;  // how many the run was asked to analyze
  unsigned Analyzed = 0;          // how many were analyzed
  std::vector<std::string> Errors; // one line each: inputs that could not be used
  std::vector<std::string> Notices; // one line each: why a report has less than expected
  // The error lines were already printed where this text report goes (stderr, or a
  // CI log that merges stdout into it): the text writer does not repeat them.
  bool ErrorsShown = false;
  // Runtime reports: the locks threads waited for, highest total wait first (the
  // writers show the first ContentionRows), and whether the traces had statistics.
  std::vector<LockContention> Contention;
  size_t ContentionRows = 10;
  bool HasLockStats = false;
  EdgeCoverage Coverage;
};

// The rule id as printed and as SARIF ruleId: "lockgraph-" + RuleId.
std::string qualifiedRuleId(const std::string &RuleId);

} // namespace lockgraph
