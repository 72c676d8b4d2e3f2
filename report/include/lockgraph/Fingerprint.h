// Fingerprints identify a finding across runs and code motion: they hash the rule id
// and stable keys (lock identities, function USRs), never line numbers, so moving code
// keeps a finding's fingerprint and baselines keep working.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"

#include <string>

namespace lockgraph {

// 16 hex digits. Keys are hashed in the order given; callers sort them when order is
// not meaningful (a cycle is rotated to start at its smallest lock first).
std::string computeFingerprint(llvm::StringRef RuleId,
                               llvm::ArrayRef<std::string> StableKeys);

} // namespace lockgraph
