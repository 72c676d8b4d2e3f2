// Suppressions for runtime findings: a text file of `<rule-id>:<glob>` lines (`#`
// comments and blank lines allowed). A finding is dropped when a line's rule (a glob
// too: `*` is every rule) matches its rule id and the glob matches, with fnmatch(3), any function
// name, source file path or module path of the finding's stacks.
#pragma once

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockgraph {

struct Suppression {
  std::string Rule; // glob over ids without the "lockgraph-" prefix
  std::string Glob;
  std::string Where; // "file:line", to say which line matched
};

class SuppressionList {
public:
  // Adds the lines of Text (the contents of Name). On a malformed line, fails with
  // "Name:Line: ..." and keeps nothing of Text.
  llvm::Error parse(llvm::StringRef Text, llvm::StringRef Name);
  llvm::Error readFile(llvm::StringRef Path);

  // The first suppression of RuleId that matches one of Subjects; null when none.
  const Suppression *match(llvm::StringRef RuleId, llvm::ArrayRef<std::string> Subjects) const;
  bool empty() const { return List.empty(); }
  size_t size() const { return List.size(); }

private:
  std::vector<Suppression> List;
};

} // namespace lockgraph
