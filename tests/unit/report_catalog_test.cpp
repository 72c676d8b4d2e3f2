// The finding catalogue: the real rules/ directory is complete and well-formed, and a
// broken rule file is an error that names the file.
#include "lockgraph/RuleCatalog.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

#include <cstdlib>
#include <map>
#include <string>

using namespace lockgraph;

namespace {

const char *const SourceRules = LOCKGRAPH_TEST_SOURCE_DIR "/rules";

struct Expected {
  Severity Level;
  bool Static, Runtime; // the S and R columns of the catalogue
};

const std::map<std::string, Expected> &expectedRules() {
  static const std::map<std::string, Expected> Rules = {
      {"lock-order-inversion", {Severity::Error, true, true}},
      {"deadlock", {Severity::Error, false, true}},
      {"double-lock", {Severity::Error, true, true}},
      {"lock-leak", {Severity::Warning, true, true}},
      {"bad-unlock", {Severity::Warning, true, true}},
      {"unprotected-rmw", {Severity::Warning, true, false}},
      {"check-then-act", {Severity::Warning, true, false}},
      {"cond-wait-no-loop", {Severity::Warning, true, false}},
      {"busy-wait", {Severity::Warning, true, true}},
      {"blocking-under-lock", {Severity::Warning, true, false}},
      {"contention", {Severity::Note, false, true}},
      {"livelock", {Severity::Warning, false, true}},
      {"starvation", {Severity::Warning, false, true}},
  };
  return Rules;
}

// A scratch directory removed at the end of the test.
class TempDir {
public:
  TempDir() {
    std::error_code EC = llvm::sys::fs::createUniqueDirectory("lockgraph-rules", Path);
    EXPECT_FALSE(EC) << EC.message();
  }
  ~TempDir() { llvm::sys::fs::remove_directories(Path); }
  std::string file(llvm::StringRef Name) const {
    llvm::SmallString<256> P(Path);
    llvm::sys::path::append(P, Name);
    return std::string(P);
  }
  void write(llvm::StringRef Name, llvm::StringRef Content) const {
    std::error_code EC;
    llvm::raw_fd_ostream OS(file(Name), EC);
    ASSERT_FALSE(EC) << EC.message();
    OS << Content;
  }
  std::string path() const { return std::string(Path); }

private:
  llvm::SmallString<256> Path;
};

const char *const ValidRule = R"(id: sample
title: Sample rule
severity: warning
detectors: [static]
summary: One sentence.
explanation: |
  Text.
bad: |
  bad();
good: |
  good();
references:
  - https://example.com/
)";

std::string loadError(const TempDir &Dir) {
  llvm::Expected<RuleCatalog> Catalog = RuleCatalog::loadFromDirectory(Dir.path());
  if (Catalog)
    return "";
  return llvm::toString(Catalog.takeError());
}

} // namespace

TEST(RuleCatalog, LoadsEveryRuleOfTheSourceTree) {
  llvm::Expected<RuleCatalog> Catalog = RuleCatalog::loadFromDirectory(SourceRules);
  ASSERT_TRUE(bool(Catalog)) << llvm::toString(Catalog.takeError());

  // rules/apis/*.yaml (lock-API models) are not finding rules.
  ASSERT_EQ(Catalog->rules().size(), expectedRules().size());
  for (const auto &[Id, Want] : expectedRules()) {
    SCOPED_TRACE(Id);
    const RuleInfo *Rule = Catalog->find(Id);
    ASSERT_NE(Rule, nullptr);
    EXPECT_EQ(Rule->Id, Id);
    EXPECT_FALSE(Rule->Title.empty());
    EXPECT_FALSE(Rule->Summary.empty());
    EXPECT_FALSE(Rule->Explanation.empty());
    EXPECT_FALSE(Rule->Bad.empty());
    EXPECT_FALSE(Rule->Good.empty());
    EXPECT_NE(Rule->Bad, Rule->Good);
    EXPECT_EQ(Rule->DefaultSeverity, Want.Level);
    EXPECT_EQ(Rule->Static, Want.Static);
    EXPECT_EQ(Rule->Runtime, Want.Runtime);
    // Each explanation says what is deliberately not reported.
    EXPECT_NE(Rule->Explanation.find("Not reported"), std::string::npos);
    EXPECT_FALSE(Rule->References.empty());
    for (const std::string &Url : Rule->References)
      EXPECT_EQ(Url.rfind("https://", 0), 0u) << Url;
    // Block scalars are stored without their final newline.
    EXPECT_NE(Rule->Explanation.back(), '\n');
  }
}

TEST(RuleCatalog, RulesAreSortedById) {
  llvm::Expected<RuleCatalog> Catalog = RuleCatalog::loadFromDirectory(SourceRules);
  ASSERT_TRUE(bool(Catalog)) << llvm::toString(Catalog.takeError());
  const std::vector<RuleInfo> &Rules = Catalog->rules();
  for (size_t I = 1; I < Rules.size(); ++I)
    EXPECT_LT(Rules[I - 1].Id, Rules[I].Id);
  EXPECT_EQ(Catalog->find("no-such-rule"), nullptr);
  EXPECT_EQ(Catalog->find(""), nullptr);
}

TEST(RuleCatalog, DocsHaveASectionPerRule) {
  auto Doc = llvm::MemoryBuffer::getFile(LOCKGRAPH_TEST_SOURCE_DIR "/docs/rules.md");
  ASSERT_TRUE(bool(Doc)) << "docs/rules.md: " << Doc.getError().message();
  llvm::Expected<RuleCatalog> Catalog = RuleCatalog::loadFromDirectory(SourceRules);
  ASSERT_TRUE(bool(Catalog)) << llvm::toString(Catalog.takeError());
  for (const RuleInfo &Rule : Catalog->rules())
    EXPECT_TRUE((*Doc)->getBuffer().contains("\n## `" + Rule.Id + "`"))
        << "docs/rules.md has no section for " << Rule.Id;
}

TEST(RuleCatalog, LoadsAValidFileAndIgnoresSubdirectories) {
  TempDir Dir;
  Dir.write("sample.yaml", ValidRule);
  Dir.write("README.md", "not a rule");
  ASSERT_FALSE(llvm::sys::fs::create_directory(Dir.file("apis")));
  Dir.write("apis/pthread.yaml", "name: not a rule\n");

  llvm::Expected<RuleCatalog> Catalog = RuleCatalog::loadFromDirectory(Dir.path());
  ASSERT_TRUE(bool(Catalog)) << llvm::toString(Catalog.takeError());
  ASSERT_EQ(Catalog->rules().size(), 1u);
  const RuleInfo &R = Catalog->rules()[0];
  EXPECT_EQ(R.Id, "sample");
  EXPECT_EQ(R.Title, "Sample rule");
  EXPECT_EQ(R.DefaultSeverity, Severity::Warning);
  EXPECT_TRUE(R.Static);
  EXPECT_FALSE(R.Runtime);
  EXPECT_EQ(R.Explanation, "Text.");
  EXPECT_EQ(R.Bad, "bad();");
  EXPECT_EQ(R.References, std::vector<std::string>{"https://example.com/"});
}

TEST(RuleCatalog, SyntaxErrorNamesTheFile) {
  TempDir Dir;
  Dir.write("sample.yaml", ValidRule);
  Dir.write("broken.yaml", "id: [unterminated\ntitle: x\n");
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("broken.yaml"), std::string::npos) << Error;
}

TEST(RuleCatalog, UnknownKeyIsAnError) {
  TempDir Dir;
  Dir.write("sample.yaml", std::string(ValidRule) + "colour: blue\n");
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("sample.yaml"), std::string::npos) << Error;
  EXPECT_NE(Error.find("colour"), std::string::npos) << Error;
}

TEST(RuleCatalog, BadSeverityIsAnError) {
  TempDir Dir;
  std::string Text = ValidRule;
  Text.replace(Text.find("severity: warning"), 17, "severity: fatal");
  Dir.write("sample.yaml", Text);
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("sample.yaml:3:11: unknown severity"), std::string::npos) << Error;
}

TEST(RuleCatalog, BadDetectorIsAnError) {
  TempDir Dir;
  std::string Text = ValidRule;
  Text.replace(Text.find("[static]"), 8, "[static, dynamic]");
  Dir.write("sample.yaml", Text);
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("sample.yaml"), std::string::npos) << Error;
  EXPECT_NE(Error.find("sample.yaml:4:21: unknown detector"), std::string::npos) << Error;
}

TEST(RuleCatalog, MissingFieldIsAnError) {
  TempDir Dir;
  std::string Text = ValidRule;
  Text.erase(Text.find("good:"), std::string("good: |\n  good();\n").size());
  Dir.write("sample.yaml", Text);
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("sample.yaml"), std::string::npos) << Error;
  EXPECT_NE(Error.find("good"), std::string::npos) << Error;
}

TEST(RuleCatalog, EmptyFileIsAnError) {
  TempDir Dir;
  Dir.write("sample.yaml", "");
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("sample.yaml"), std::string::npos) << Error;
}

TEST(RuleCatalog, IdMustMatchFileName) {
  TempDir Dir;
  Dir.write("other.yaml", ValidRule);
  std::string Error = loadError(Dir);
  EXPECT_NE(Error.find("other.yaml"), std::string::npos) << Error;
  EXPECT_NE(Error.find("'sample'"), std::string::npos) << Error;
}

TEST(RuleCatalog, MissingOrEmptyDirectoryIsAnError) {
  TempDir Dir;
  EXPECT_NE(loadError(Dir).find(Dir.path()), std::string::npos);
  llvm::Expected<RuleCatalog> Missing =
      RuleCatalog::loadFromDirectory(Dir.file("does-not-exist"));
  ASSERT_FALSE(bool(Missing));
  EXPECT_NE(llvm::toString(Missing.takeError()).find("does-not-exist"), std::string::npos);
}

TEST(RuleCatalog, FindRulesDirectoryHonoursTheEnvironment) {
  const char *Old = std::getenv("LOCKGRAPH_RULES_DIR");
  std::string Saved = Old ? Old : "";

  ::setenv("LOCKGRAPH_RULES_DIR", "/somewhere/rules", 1);
  EXPECT_EQ(findRulesDirectory("lockgraph"), "/somewhere/rules");

  // Unset: the test binary is not installed, so the source tree's rules/ is used.
  ::unsetenv("LOCKGRAPH_RULES_DIR");
  std::string Dir = findRulesDirectory("lockgraph");
  llvm::SmallString<256> Probe(Dir);
  llvm::sys::path::append(Probe, "lock-order-inversion.yaml");
  EXPECT_TRUE(llvm::sys::fs::exists(Probe)) << Dir;

  if (Old)
    ::setenv("LOCKGRAPH_RULES_DIR", Saved.c_str(), 1);
}
