// A baseline is the set of finding fingerprints a project has accepted; a run given one
// reports only what is new. JSON: {"format":"lockgraph-baseline","version":1,
// "fingerprints":[...]} (docs/usage.md).
#pragma once

#include "lockgraph/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <set>
#include <string>

namespace lockgraph {

llvm::Expected<std::set<std::string>> readBaseline(llvm::StringRef Path);
llvm::Error writeBaseline(llvm::StringRef Path, const Report &R);
// Removes findings whose fingerprint is in the baseline; returns how many.
size_t applyBaseline(Report &R, const std::set<std::string> &Fingerprints);

} // namespace lockgraph
