#include "Commands.h"

#include "lockgraph/RuleCatalog.h"

#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

namespace lockgraph {

int runRules(const RulesArgs &A) {
  std::string Dir = A.RulesDir.empty() ? findRulesDirectory(A.Argv0.c_str()) : A.RulesDir;
  auto Catalog = RuleCatalog::loadFromDirectory(Dir);
  if (!Catalog) {
    llvm::errs() << "lockgraph: error: " << llvm::toString(Catalog.takeError()) << "\n";
    return ExitUsage;
  }
  if (A.Format == "json") {
    llvm::json::Array Rules;
    for (const RuleInfo &R : Catalog->rules())
      Rules.push_back(llvm::json::Object{{"id", qualifiedRuleId(R.Id)},
                                         {"title", R.Title},
                                         {"severity", severityName(R.DefaultSeverity)},
                                         {"static", R.Static},
                                         {"runtime", R.Runtime},
                                         {"summary", R.Summary}});
    llvm::outs() << llvm::formatv("{0:2}", llvm::json::Value(std::move(Rules))) << "\n";
    return ExitClean;
  }
  for (const RuleInfo &R : Catalog->rules()) {
    std::string Where = std::string(R.Static ? "static" : "") +
                        (R.Static && R.Runtime ? "+" : "") + (R.Runtime ? "runtime" : "");
    llvm::outs() << llvm::formatv("{0,-32} {1,-8} {2,-15} {3}\n", qualifiedRuleId(R.Id),
                                  severityName(R.DefaultSeverity), Where, R.Title);
  }
  return ExitClean;
}

} // namespace lockgraph
