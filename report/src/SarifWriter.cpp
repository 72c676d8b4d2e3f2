// SARIF 2.1.0 for GitHub code scanning and SARIF viewers (docs/sarif.md).
//
// Paths inside Report::BaseDir become relative URIs against the "%SRCROOT%" base, so the
// same file uploads from any checkout; the base itself is given once in
// run.originalUriBaseIds. Files elsewhere (system headers) get absolute file:// URIs.
#include "lockgraph/Writers.h"

#include "WriterSupport.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/Path.h"

#include <map>
#include <optional>

namespace lockgraph {
namespace {

using llvm::json::Array;
using llvm::json::Object;

constexpr const char *SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
constexpr const char *InformationUri = "https://github.com/lockgraph/lockgraph";
constexpr const char *SrcRoot = "%SRCROOT%";
constexpr const char *FingerprintKey = "lockgraph/v1";

// RFC 3986: keep unreserved characters and '/', percent-encode every other byte.
std::string percentEncode(llvm::StringRef Path) {
  std::string Out;
  for (unsigned char C : Path) {
    if (llvm::isAlnum(C) || C == '-' || C == '.' || C == '_' || C == '~' || C == '/')
      Out += C;
    else
      Out += "%" + llvm::utohexstr(C, /*LowerCase=*/false, /*Width=*/2);
  }
  return Out;
}

std::string fileUri(llvm::StringRef AbsPath) { return "file://" + percentEncode(AbsPath); }

class SarifBuilder {
public:
  SarifBuilder(const Report &R, const RuleCatalog &Rules) : R(R), Rules(Rules) {}
  llvm::json::Value build();

private:
  std::optional<Object> artifactLocation(const std::string &File) const;
  std::optional<Object> physicalLocation(const SourceLocation &Loc) const;
  Object location(const SourceLocation &Loc, llvm::StringRef Message,
                  llvm::StringRef Function) const;
  Object result(const Finding &F);
  unsigned ruleIndex(const Finding &F);
  std::optional<Object> baseUriIds() const;

  const Report &R;
  const RuleCatalog &Rules;
  Array Descriptors;                       // run.tool.driver.rules
  std::map<std::string, unsigned> IndexOf; // qualified rule id -> index in Descriptors
};

Object message(llvm::StringRef Text) { return Object{{"text", Text}}; }

const char *levelName(Severity S) { return severityName(S); } // SARIF uses the same words

const char *problemSeverity(Severity S) {
  switch (S) {
  case Severity::Error:
    return "error";
  case Severity::Warning:
    return "warning";
  case Severity::Note:
    return "recommendation";
  }
  return "warning";
}

// "lock-order-inversion" -> "LockOrderInversion"
std::string camelCase(llvm::StringRef Id) {
  std::string Out;
  bool Upper = true;
  for (char C : Id) {
    if (C == '-' || C == '_') {
      Upper = true;
      continue;
    }
    Out += Upper ? llvm::toUpper(C) : C;
    Upper = false;
  }
  return Out;
}

llvm::StringRef fenceLanguage(llvm::StringRef Code) {
  return Code.contains("std::") ? "cpp" : "c";
}

// CWE references become the "external/cwe/cwe-N" tags GitHub displays.
Array ruleTags(const RuleInfo &Rule) {
  Array Tags{"concurrency"};
  for (llvm::StringRef Url : Rule.References) {
    llvm::StringRef Rest = Url;
    if (!Rest.consume_front("https://cwe.mitre.org/data/definitions/"))
      continue;
    llvm::StringRef Number = Rest.take_while(llvm::isDigit);
    if (!Number.empty())
      Tags.push_back(("external/cwe/cwe-" + Number).str());
  }
  return Tags;
}

Array detectorsOf(const RuleInfo &Rule) {
  Array Out;
  if (Rule.Static)
    Out.push_back("static");
  if (Rule.Runtime)
    Out.push_back("runtime");
  return Out;
}

Object ruleDescriptor(const RuleInfo &Rule) {
  std::string Text, Markdown;
  llvm::raw_string_ostream T(Text), M(Markdown);
  T << Rule.Explanation << "\n\nReported:\n\n" << Rule.Bad << "\n\nFixed:\n\n" << Rule.Good
    << "\n";
  M << Rule.Explanation << "\n\n**Reported:**\n\n```" << fenceLanguage(Rule.Bad) << "\n"
    << Rule.Bad << "\n```\n\n**Fixed:**\n\n```" << fenceLanguage(Rule.Good) << "\n"
    << Rule.Good << "\n```\n";
  if (!Rule.References.empty()) {
    T << "\nReferences:\n";
    M << "\n**References:**\n\n";
    for (const std::string &Url : Rule.References) {
      T << "  " << Url << "\n";
      M << "- <" << Url << ">\n";
    }
  }
  return Object{
      {"id", qualifiedRuleId(Rule.Id)},
      {"name", camelCase(Rule.Id)},
      {"shortDescription", message(Rule.Title)},
      {"fullDescription", message(Rule.Summary)},
      {"help", Object{{"text", Text}, {"markdown", Markdown}}},
      {"defaultConfiguration", Object{{"level", levelName(Rule.DefaultSeverity)}}},
      {"properties", Object{{"tags", ruleTags(Rule)},
                            {"precision", "high"},
                            {"problem.severity", problemSeverity(Rule.DefaultSeverity)},
                            // Which halves report it; tests/e2e/rules_are_real.py keeps
                            // each listed one backed by a positive case.
                            {"detectors", detectorsOf(Rule)}}}};
}

std::optional<Object> SarifBuilder::artifactLocation(const std::string &File) const {
  if (File.empty())
    return std::nullopt;
  std::string Rel;
  if (detail::relativeToBase(File, R.BaseDir, Rel))
    return Object{{"uri", percentEncode(Rel)}, {"uriBaseId", SrcRoot}};
  if (llvm::sys::path::is_absolute(File)) {
    llvm::SmallString<256> Clean(File);
    llvm::sys::path::remove_dots(Clean, /*remove_dot_dot=*/true);
    return Object{{"uri", fileUri(Clean)}};
  }
  return Object{{"uri", percentEncode(llvm::sys::path::convert_to_slash(File))}};
}

std::optional<Object> SarifBuilder::physicalLocation(const SourceLocation &Loc) const {
  std::optional<Object> Artifact = artifactLocation(Loc.File);
  if (!Artifact)
    return std::nullopt;
  Object Physical{{"artifactLocation", std::move(*Artifact)}};
  if (Loc.Line != 0) {
    Object Region{{"startLine", Loc.Line}};
    if (Loc.Column != 0)
      Region["startColumn"] = Loc.Column;
    Physical["region"] = std::move(Region);
  }
  return Physical;
}

Object SarifBuilder::location(const SourceLocation &Loc, llvm::StringRef Message,
                              llvm::StringRef Function) const {
  Object L;
  if (std::optional<Object> Physical = physicalLocation(Loc))
    L["physicalLocation"] = std::move(*Physical);
  if (!Message.empty())
    L["message"] = message(Message);
  if (!Function.empty())
    L["logicalLocations"] =
        Array{Object{{"fullyQualifiedName", Function}, {"kind", "function"}}};
  return L;
}

unsigned SarifBuilder::ruleIndex(const Finding &F) {
  std::string Id = qualifiedRuleId(F.RuleId);
  auto It = IndexOf.find(Id);
  if (It != IndexOf.end())
    return It->second;
  // Not in the catalogue (a newer analyzer, an older rules/): describe it minimally so
  // every result still points at a rule.
  unsigned Index = Descriptors.size();
  Descriptors.push_back(Object{{"id", Id},
                               {"name", camelCase(F.RuleId)},
                               {"shortDescription", message(F.RuleId)},
                               {"defaultConfiguration", Object{{"level", levelName(F.Level)}}},
                               {"properties", Object{{"tags", Array{"concurrency"}}}}});
  IndexOf[Id] = Index;
  return Index;
}

Object SarifBuilder::result(const Finding &F) {
  Object Res{{"ruleId", qualifiedRuleId(F.RuleId)},
             {"ruleIndex", ruleIndex(F)},
             {"level", levelName(F.Level)},
             {"message", message(F.Message)}};

  // Code scanning needs a location on every result. Without a primary one, the first
  // located note or flow step stands in.
  const SourceLocation *Primary = &F.Primary;
  for (const RelatedLocation &N : F.Notes)
    if (Primary->File.empty() && !N.Loc.File.empty())
      Primary = &N.Loc;
  for (const Flow &Fl : F.Flows)
    for (const FlowStep &S : Fl)
      if (Primary->File.empty() && !S.Loc.File.empty())
        Primary = &S.Loc;
  if (!Primary->File.empty())
    Res["locations"] = Array{location(*Primary, "", F.Function)};

  if (!F.Notes.empty()) {
    Array Related;
    for (size_t I = 0; I < F.Notes.size(); ++I) {
      Object L = location(F.Notes[I].Loc, F.Notes[I].Message, "");
      L["id"] = I;
      Related.push_back(std::move(L));
    }
    Res["relatedLocations"] = std::move(Related);
  }

  Array ThreadFlows;
  for (const Flow &Fl : F.Flows) {
    if (Fl.empty())
      continue; // a threadFlow needs at least one location
    Array Steps;
    for (const FlowStep &S : Fl)
      Steps.push_back(Object{{"location", location(S.Loc, S.Message, S.Function)}});
    ThreadFlows.push_back(Object{{"locations", std::move(Steps)}});
  }
  if (!ThreadFlows.empty())
    Res["codeFlows"] = Array{Object{{"threadFlows", std::move(ThreadFlows)}}};

  if (!F.Fingerprint.empty())
    Res["partialFingerprints"] = Object{{FingerprintKey, F.Fingerprint}};
  Res["properties"] = Object{{"origin", F.Origin},
                             {"detectors", detail::detectors(F)},
                             {"count", F.Count},
                             {"locks", Array(F.Locks)}};
  if (F.ConfirmedAtRuntime)
    Res["properties"].getAsObject()->try_emplace("confirmedAtRuntime", true);
  if (F.ContentionIndex >= 0 && size_t(F.ContentionIndex) < R.Contention.size())
    Res["properties"].getAsObject()->try_emplace(
        "contention", detail::contentionJson(R.Contention[size_t(F.ContentionIndex)], R.BaseDir));
  return Res;
}

std::optional<Object> SarifBuilder::baseUriIds() const {
  if (R.BaseDir.empty())
    return std::nullopt;
  llvm::SmallString<256> Base(R.BaseDir);
  llvm::sys::fs::make_absolute(Base);
  llvm::sys::path::remove_dots(Base, /*remove_dot_dot=*/true);
  std::string Uri = fileUri(Base);
  if (!llvm::StringRef(Uri).ends_with("/"))
    Uri += "/"; // a base URI names a directory only with the trailing slash
  return Object{{SrcRoot, Object{{"uri", Uri}}}};
}

llvm::json::Value SarifBuilder::build() {
  for (const RuleInfo &Rule : Rules.rules()) {
    IndexOf[qualifiedRuleId(Rule.Id)] = Descriptors.size();
    Descriptors.push_back(ruleDescriptor(Rule));
  }

  Array Results;
  for (const Finding &F : R.Findings)
    Results.push_back(result(F));

  Object Driver{{"name", "lockgraph"}, {"informationUri", InformationUri}};
  if (!R.ToolVersion.empty()) {
    Driver["version"] = R.ToolVersion;
    Driver["semanticVersion"] = R.ToolVersion;
  }
  Driver["rules"] = std::move(Descriptors);

  Object Invocation{{"executionSuccessful", true}};
  if (!R.Errors.empty() || !R.Notices.empty()) {
    Array Notifications;
    for (const std::string &E : R.Errors)
      Notifications.push_back(Object{{"level", "error"}, {"message", message(E)}});
    for (const std::string &N : R.Notices)
      Notifications.push_back(Object{{"level", "note"}, {"message", message(N)}});
    Invocation["toolExecutionNotifications"] = std::move(Notifications);
  }

  Object Run{{"tool", Object{{"driver", std::move(Driver)}}},
             {"invocations", Array{std::move(Invocation)}},
             {"results", std::move(Results)}};
  if (std::optional<Object> Bases = baseUriIds())
    Run["originalUriBaseIds"] = std::move(*Bases);
  if (R.HasLockStats) // the whole table, contended locks below the thresholds too
    Run["properties"] = Object{{"contention", detail::contentionTableJson(R)}};

  return Object{{"$schema", SchemaUri}, {"version", "2.1.0"}, {"runs", Array{std::move(Run)}}};
}

} // namespace

void writeSarif(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules) {
  SarifBuilder Builder(R, Rules);
  OS << llvm::formatv("{0:2}", Builder.build()) << "\n";
}

} // namespace lockgraph
