// Loads the finding catalogue: rules/<id>.yaml, one file per finding id, read with LLVM
// YAML I/O. Unknown keys, a bad severity or detector, a missing field, or an id that
// does not match the file name are errors naming the file (and the line and column
// when the YAML parser reports one).
#include "lockgraph/RuleCatalog.h"

#include "lockgraph/InputLimits.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Process.h"
#include "llvm/Support/SourceMgr.h"
#include "llvm/Support/YAMLTraits.h"
#include "llvm/Support/raw_ostream.h"

#include <optional>

#ifndef LOCKGRAPH_SOURCE_RULES_DIR
#define LOCKGRAPH_SOURCE_RULES_DIR "rules"
#endif
#ifndef LOCKGRAPH_INSTALL_RULESDIR
#define LOCKGRAPH_INSTALL_RULESDIR "share/lockgraph/rules"
#endif

namespace {

enum class Detector { Static, Runtime };

// The file as written; converted to RuleInfo once it has been checked.
struct RuleFile {
  std::string Id, Title, Summary, Explanation, Bad, Good;
  lockgraph::Severity Level = lockgraph::Severity::Warning;
  std::vector<Detector> Detectors;
  std::vector<std::string> References;
};

} // namespace

LLVM_YAML_IS_FLOW_SEQUENCE_VECTOR(Detector)

namespace llvm {
namespace yaml {

// Scalar traits rather than enumeration traits, so a bad value gets a message that
// says what is allowed (reported at the value's line and column).
template <> struct ScalarTraits<lockgraph::Severity> {
  static void output(const lockgraph::Severity &Value, void *, raw_ostream &OS) {
    OS << lockgraph::severityName(Value);
  }
  static StringRef input(StringRef Scalar, void *, lockgraph::Severity &Value) {
    if (!lockgraph::parseSeverity(Scalar.str(), Value))
      return "unknown severity (expected note, warning or error)";
    return StringRef();
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

template <> struct ScalarTraits<Detector> {
  static void output(const Detector &Value, void *, raw_ostream &OS) {
    OS << (Value == Detector::Static ? "static" : "runtime");
  }
  static StringRef input(StringRef Scalar, void *, Detector &Value) {
    if (Scalar == "static")
      Value = Detector::Static;
    else if (Scalar == "runtime")
      Value = Detector::Runtime;
    else
      return "unknown detector (expected static or runtime)";
    return StringRef();
  }
  static QuotingType mustQuote(StringRef) { return QuotingType::None; }
};

template <> struct MappingTraits<RuleFile> {
  static void mapping(IO &Io, RuleFile &R) {
    Io.mapRequired("id", R.Id);
    Io.mapRequired("title", R.Title);
    Io.mapRequired("severity", R.Level);
    Io.mapRequired("detectors", R.Detectors);
    Io.mapRequired("summary", R.Summary);
    Io.mapRequired("explanation", R.Explanation);
    Io.mapRequired("bad", R.Bad);
    Io.mapRequired("good", R.Good);
    Io.mapOptional("references", R.References);
  }
};

} // namespace yaml
} // namespace llvm

namespace lockgraph {
namespace {

// Block scalars keep their final newline; the catalogue stores text without it.
std::string trimmed(llvm::StringRef S) { return S.rtrim(" \t\r\n").str(); }

void collectDiagnostic(const llvm::SMDiagnostic &Diag, void *Ctx) {
  std::string &Out = *static_cast<std::string *>(Ctx);
  if (!Out.empty())
    return; // the first problem is the one worth reading
  llvm::raw_string_ostream OS(Out);
  OS << Diag.getFilename();
  if (Diag.getLineNo() > 0)
    OS << ":" << Diag.getLineNo() << ":" << Diag.getColumnNo() + 1;
  OS << ": " << Diag.getMessage();
}

llvm::Error fileError(llvm::StringRef Path, const llvm::Twine &Message) {
  return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                 Path + ": " + Message);
}

llvm::Expected<RuleInfo> loadRuleFile(llvm::StringRef Path) {
  llvm::ErrorOr<std::unique_ptr<llvm::MemoryBuffer>> Buffer =
      llvm::MemoryBuffer::getFile(Path, /*IsText=*/true);
  if (!Buffer)
    return fileError(Path, "cannot read rule file: " + Buffer.getError().message());

  if (std::string Deep = yamlNestingError((*Buffer)->getBuffer()); !Deep.empty())
    return fileError(Path, Deep);
  std::string Diagnostic;
  RuleFile File;
  llvm::yaml::Input In((*Buffer)->getMemBufferRef(), nullptr, collectDiagnostic,
                       &Diagnostic);
  In >> File;
  if (In.error())
    return llvm::createStringError(In.error(), Diagnostic.empty()
                                                   ? (Path + ": malformed YAML").str()
                                                   : Diagnostic);
  if (In.nextDocument())
    return fileError(Path, "more than one YAML document; a rule file holds one rule");

  // An empty document parses without error, so required keys are checked here too.
  struct Field {
    const char *Key;
    const std::string &Value;
  };
  for (const Field &F : {Field{"id", File.Id}, Field{"title", File.Title},
                         Field{"summary", File.Summary},
                         Field{"explanation", File.Explanation}, Field{"bad", File.Bad},
                         Field{"good", File.Good}})
    if (llvm::StringRef(F.Value).trim().empty())
      return fileError(Path, llvm::Twine("missing or empty '") + F.Key + "'");
  if (File.Detectors.empty())
    return fileError(Path, "'detectors' must list static, runtime or both");

  llvm::StringRef Stem = llvm::sys::path::stem(Path);
  if (File.Id != Stem)
    return fileError(Path, "id '" + File.Id + "' does not match the file name '" +
                               Stem + ".yaml'");

  RuleInfo Info;
  Info.Id = File.Id;
  Info.Title = trimmed(File.Title);
  Info.Summary = trimmed(File.Summary);
  Info.Explanation = trimmed(File.Explanation);
  Info.Bad = trimmed(File.Bad);
  Info.Good = trimmed(File.Good);
  Info.DefaultSeverity = File.Level;
  Info.Static = llvm::is_contained(File.Detectors, Detector::Static);
  Info.Runtime = llvm::is_contained(File.Detectors, Detector::Runtime);
  Info.References = File.References;
  return Info;
}

} // namespace

llvm::Expected<RuleCatalog> RuleCatalog::loadFromDirectory(llvm::StringRef Dir) {
  std::vector<std::string> Paths;
  std::error_code EC;
  for (llvm::sys::fs::directory_iterator It(Dir, EC), End; It != End && !EC;
       It.increment(EC)) {
    if (llvm::sys::path::extension(It->path()) != ".yaml")
      continue;
    // Regular files only: rules/apis/ and other subdirectories are not rules.
    llvm::ErrorOr<llvm::sys::fs::basic_file_status> Status = It->status();
    if (Status && Status->type() == llvm::sys::fs::file_type::directory_file)
      continue;
    Paths.push_back(It->path());
  }
  if (EC)
    return fileError(Dir, "cannot read rules directory: " + EC.message());
  if (Paths.empty())
    return fileError(Dir, "no rule files (*.yaml) in rules directory");
  llvm::sort(Paths);

  RuleCatalog Catalog;
  for (const std::string &Path : Paths) {
    llvm::Expected<RuleInfo> Info = loadRuleFile(Path);
    if (!Info)
      return Info.takeError();
    Catalog.Rules.push_back(std::move(*Info));
  }
  // File names are unique and each id equals its file's stem, so ids are unique too.
  llvm::sort(Catalog.Rules,
             [](const RuleInfo &A, const RuleInfo &B) { return A.Id < B.Id; });
  return Catalog;
}

const RuleInfo *RuleCatalog::find(llvm::StringRef Id) const {
  auto It = llvm::partition_point(Rules, [&](const RuleInfo &R) { return R.Id < Id; });
  if (It != Rules.end() && It->Id == Id)
    return &*It;
  return nullptr;
}

std::string findRulesDirectory(const char *Argv0) {
  if (std::optional<std::string> Env = llvm::sys::Process::GetEnv("LOCKGRAPH_RULES_DIR"))
    if (!Env->empty())
      return *Env;

  std::string Exe = llvm::sys::fs::getMainExecutable(
      Argv0 ? Argv0 : "", reinterpret_cast<void *>(&findRulesDirectory));
  if (!Exe.empty()) {
    llvm::SmallString<256> Installed(LOCKGRAPH_INSTALL_RULESDIR);
    if (!llvm::sys::path::is_absolute(Installed)) {
      // <prefix>/bin/lockgraph -> <prefix>/<datadir>/lockgraph/rules
      Installed = llvm::sys::path::parent_path(llvm::sys::path::parent_path(Exe));
      llvm::sys::path::append(Installed, LOCKGRAPH_INSTALL_RULESDIR);
    }
    if (llvm::sys::fs::is_directory(Installed))
      return std::string(Installed);
  }
  return LOCKGRAPH_SOURCE_RULES_DIR;
}

} // namespace lockgraph
