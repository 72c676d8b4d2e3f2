// The finding catalogue: one YAML file per finding id in rules/ (rules/apis/ holds
// lock-API models and is not read here). The ids are a public interface.
#pragma once

#include "lockgraph/Finding.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/Error.h"

#include <string>
#include <vector>

namespace lockgraph {

struct RuleInfo {
  std::string Id;          // "lock-order-inversion"
  std::string Title;       // short, title case
  std::string Summary;     // one sentence
  std::string Explanation; // paragraphs, plain text / markdown
  std::string Bad;         // code that triggers it
  std::string Good;        // the fix
  Severity DefaultSeverity = Severity::Warning;
  bool Static = false;     // reported by `lockgraph check`
  bool Runtime = false;    // reported by the preload library
  std::vector<std::string> References; // URLs
};

class RuleCatalog {
public:
  // Reads every Dir/*.yaml. An unreadable or malformed file is an error naming it.
  static llvm::Expected<RuleCatalog> loadFromDirectory(llvm::StringRef Dir);

  const RuleInfo *find(llvm::StringRef Id) const;
  const std::vector<RuleInfo> &rules() const { return Rules; }

private:
  std::vector<RuleInfo> Rules; // sorted by Id
};

// Where the rules live: $LOCKGRAPH_RULES_DIR, else <exe>/../share/lockgraph/rules (the
// installed layout), else the source tree's rules/ compiled in at build time.
std::string findRulesDirectory(const char *Argv0);

} // namespace lockgraph
