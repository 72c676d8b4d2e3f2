// `--format codeclimate`: GitLab's Code Quality report.
#include "lockgraph/Writers.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <gtest/gtest.h>

using namespace lockgraph;

namespace {

TEST(CodeClimateWriterTest, OneIssuePerLocatedFindingWithGitLabsFields) {
  Report R;
  R.BaseDir = "/repo";
  Finding F;
  F.RuleId = "lock-order-inversion";
  F.Level = Severity::Error;
  F.Message = "potential deadlock: A -> B -> A";
  F.Primary.File = "/repo/src/bank.c";
  F.Primary.Line = 41;
  F.Fingerprint = "14e02c0e78c5db69";
  R.Findings.push_back(F);
  Finding Note = F;
  Note.RuleId = "contention";
  Note.Level = Severity::Note;
  Note.Primary.File = "/elsewhere/lib.c";
  Note.Fingerprint = "aa";
  R.Findings.push_back(Note);
  Finding Nowhere = F;
  Nowhere.Primary = SourceLocation(); // GitLab cannot show it: left out
  R.Findings.push_back(Nowhere);

  std::string Out;
  llvm::raw_string_ostream OS(Out);
  writeReport(OS, R, RuleCatalog(), OutputFormat::CodeClimate);
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Out);
  ASSERT_TRUE(bool(V)) << Out;
  const llvm::json::Array *Issues = V->getAsArray();
  ASSERT_TRUE(Issues && Issues->size() == 2u) << Out;
  const llvm::json::Object *I = (*Issues)[0].getAsObject();
  EXPECT_EQ(I->getString("check_name"), "lockgraph-lock-order-inversion");
  EXPECT_EQ(I->getString("description"), "potential deadlock: A -> B -> A");
  EXPECT_EQ(I->getString("fingerprint"), "14e02c0e78c5db69");
  EXPECT_EQ(I->getString("severity"), "critical");
  EXPECT_EQ(I->getObject("location")->getString("path"), "src/bank.c") << "repository-relative";
  EXPECT_EQ(I->getObject("location")->getObject("lines")->getInteger("begin"), 41);
  const llvm::json::Object *N = (*Issues)[1].getAsObject();
  EXPECT_EQ(N->getString("severity"), "info");
  EXPECT_EQ(N->getObject("location")->getString("path"), "/elsewhere/lib.c");
  OutputFormat Fmt;
  EXPECT_TRUE(parseOutputFormat("codeclimate", Fmt));
  EXPECT_EQ(Fmt, OutputFormat::CodeClimate);
}

} // namespace
