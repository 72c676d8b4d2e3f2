#include "lockgraph/Finding.h"

namespace lockgraph {

const char *severityName(Severity S) {
  switch (S) {
  case Severity::Note:
    return "note";
  case Severity::Warning:
    return "warning";
  case Severity::Error:
    return "error";
  }
  return "warning";
}

bool parseSeverity(const std::string &Name, Severity &Out) {
  if (Name == "note")
    Out = Severity::Note;
  else if (Name == "warning")
    Out = Severity::Warning;
  else if (Name == "error")
    Out = Severity::Error;
  else
    return false;
  return true;
}

std::string qualifiedRuleId(const std::string &RuleId) { return "lockgraph-" + RuleId; }

} // namespace lockgraph
