// Runs the per-TU step over a compile database: parses each translation unit with
// Clang (in parallel), extracts its facts, and keeps or reuses them in a facts
// directory. A TU that cannot be parsed costs one error line, never the run.
#pragma once

#include "Facts.h"
#include "Progress.h"

#include "llvm/ADT/StringRef.h"

#include <string>
#include <vector>

namespace lockgraph {

class ApiModel;

struct AnalyzeOptions {
  std::string BuildPath;                // -p: a directory or compile_commands.json
  std::vector<std::string> Sources;     // positional sources (filter with -p)
  std::vector<std::string> ExtraFlags;  // after "--": a fixed database
  bool HasFixedFlags = false;
  unsigned Jobs = 0;                    // 0: all cores
  std::string Exclude;                  // regex over file paths
  std::string FactsDir;
  unsigned ShardIndex = 1, ShardCount = 1; // 1-based
  std::string ResourceDir;
  ProgressStyle Progress = ProgressStyle::None; // Progress.h
};

struct AnalyzeResult {
  std::vector<TranslationUnitFacts> Facts;
  unsigned Total = 0;    // TUs this shard was asked to analyze
  unsigned Analyzed = 0; // of which parsed or reused
  unsigned Reused = 0;
  unsigned Skipped = 0;  // database entries that are not C or C++ (assembler, ...)
  std::vector<std::string> Errors; // one line each
  std::vector<std::string> Notes;  // one line each: flags dropped, entries skipped
  bool Fatal = false;    // nothing could be analyzed because the input is unusable
};

AnalyzeResult analyzeTranslationUnits(const AnalyzeOptions &Opts, const ApiModel &Api);

// Whether a compile database entry is C or C++ (by its file name), the languages
// lockgraph reads; assembler (.s, .S) and others are skipped.
bool isCOrCxxSource(llvm::StringRef File);

// The compile command made ready for our parse: output, dependency files and
// codegen-only flags removed, flags Clang does not know (a GCC database's
// -mindirect-branch=...) dropped and reported in Dropped.
std::vector<std::string> adjustCommand(const std::vector<std::string> &CommandLine,
                                       llvm::StringRef File, const std::string &ResourceDir,
                                       std::vector<std::string> &Dropped);

// "I/N" with 1 <= I <= N (for --shard).
bool parseShard(const std::string &Text, unsigned &Index, unsigned &Count);

// The key a TU's facts are cached under: file, directory and command line.
std::string commandHash(const std::string &Directory, const std::string &File,
                        const std::vector<std::string> &CommandLine);

} // namespace lockgraph
