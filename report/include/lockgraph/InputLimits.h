// Limits every reader of untrusted input applies before parsing. llvm::json and
// llvm::yaml parse recursively: a file of 40,000 `[` overflows the stack. Rejecting
// input that nests deeper than any real file costs one linear scan.
#pragma once

#include "llvm/ADT/StringRef.h"

#include <string>

namespace lockgraph {

// No facts, trace, baseline, compile database, rule or API file nests this deep.
constexpr unsigned MaxInputNesting = 256;

// "" when Text (JSON) nests no deeper than MaxInputNesting, else why (one line,
// without the file's name).
std::string jsonNestingError(llvm::StringRef Text);
// The same for YAML: flow collections, block indentation and compact `- - -`
// sequences all count as levels.
std::string yamlNestingError(llvm::StringRef Text);

} // namespace lockgraph
