// Helpers shared by the writers (private to report/src).
#pragma once

#include "lockgraph/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace lockgraph {
namespace detail {

// If File lies inside BaseDir (compared component by component, after removing "."
// and ".." and duplicate separators), sets Rel to the relative path with '/' separators
// and returns true. A relative File is taken to be relative to BaseDir already.
// Returns false when BaseDir is empty or File is elsewhere.
bool relativeToBase(llvm::StringRef File, llvm::StringRef BaseDir, std::string &Rel);

struct SeverityCounts {
  unsigned Errors = 0, Warnings = 0, Notes = 0;
};
SeverityCounts countSeverities(const Report &R);

// "static", "runtime" or both, from Finding::Origin.
llvm::json::Array detectors(const Finding &F);

// The contention table (ContentionTable.cpp): one lock as JSON (also SARIF
// properties), every lock, and the text table after the findings.
llvm::json::Object contentionJson(const LockContention &L, const std::string &BaseDir);
llvm::json::Array contentionTableJson(const Report &R);
void writeContentionTable(llvm::raw_ostream &OS, const Report &R);

} // namespace detail
} // namespace lockgraph
