// Validates the SARIF writer's output with tests/sarif/validate_sarif.py: the OASIS
// schema plus GitHub code scanning's own requirements. Also checks that the validator
// rejects a broken file, so a passing run means something.
#include "report_test_support.h"

#include "lockgraph/Writers.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Program.h"

#include <gtest/gtest.h>

using namespace lockgraph;
using namespace lockgraph::testing;

namespace {

const char *const Validator = LOCKGRAPH_TEST_SOURCE_DIR "/tests/sarif/validate_sarif.py";
const char *const Schema =
    LOCKGRAPH_TEST_SOURCE_DIR "/../shared/schemas/sarif-schema-2.1.0.json";

struct RunResult {
  int Exit = -1;
  std::string Output;
};

// A temporary file removed when the object goes away.
struct TempFile {
  llvm::SmallString<256> Path;
  explicit TempFile(llvm::StringRef Suffix) {
    std::error_code EC = llvm::sys::fs::createTemporaryFile("lockgraph", Suffix, Path);
    EXPECT_FALSE(EC) << EC.message();
  }
  ~TempFile() { llvm::sys::fs::remove(Path); }
};

RunResult runPython(const std::string &Python, llvm::ArrayRef<llvm::StringRef> Args) {
  TempFile Out("txt");
  std::vector<llvm::StringRef> Argv{Python};
  Argv.insert(Argv.end(), Args.begin(), Args.end());
  std::optional<llvm::StringRef> Redirects[] = {std::nullopt, llvm::StringRef(Out.Path),
                                                llvm::StringRef(Out.Path)};
  std::string ErrMsg;
  RunResult R;
  R.Exit = llvm::sys::ExecuteAndWait(Python, Argv, std::nullopt, Redirects,
                                     /*SecondsToWait=*/120, 0, &ErrMsg);
  if (auto Buffer = llvm::MemoryBuffer::getFile(Out.Path))
    R.Output = (*Buffer)->getBuffer().str();
  R.Output += ErrMsg;
  return R;
}

class SarifValidation : public ::testing::Test {
protected:
  void SetUp() override {
    llvm::ErrorOr<std::string> Found = llvm::sys::findProgramByName("python3");
    if (!Found)
      GTEST_SKIP() << "python3 not found on PATH: SARIF output NOT validated";
    Python = *Found;
    if (!llvm::sys::fs::exists(Schema))
      GTEST_SKIP() << "SARIF schema not found at " << Schema
                   << ": SARIF output NOT validated";
    if (runPython(Python, {"-c", "import jsonschema"}).Exit != 0)
      GTEST_SKIP() << "python3-jsonschema not installed: SARIF output NOT validated";
  }

  RunResult validate(const std::string &Sarif) {
    TempFile File("sarif");
    {
      std::error_code EC;
      llvm::raw_fd_ostream OS(File.Path, EC);
      EXPECT_FALSE(EC) << EC.message();
      OS << Sarif;
    }
    return runPython(Python, {Validator, Schema, File.Path});
  }

  std::string Python;
};

} // namespace

TEST_F(SarifValidation, SampleReportIsValid) {
  std::string Sarif = render(writeSarif, sampleReport(), sourceCatalog());
  RunResult R = validate(Sarif);
  EXPECT_EQ(R.Exit, 0) << R.Output << "\n" << Sarif;
}

TEST_F(SarifValidation, EmptyReportIsValid) {
  Report Empty;
  Empty.ToolVersion = "0.1.0";
  Empty.BaseDir = "/src/proj";
  RunResult R = validate(render(writeSarif, Empty, sourceCatalog()));
  EXPECT_EQ(R.Exit, 0) << R.Output;
}

TEST_F(SarifValidation, RejectsUndefinedUriBaseId) {
  std::string Sarif = render(writeSarif, sampleReport(), sourceCatalog());
  // Rename the base id definition so results point at an undefined one.
  size_t At = Sarif.find("\"originalUriBaseIds\"");
  ASSERT_NE(At, std::string::npos);
  size_t Key = Sarif.find("\"%SRCROOT%\"", At);
  ASSERT_NE(Key, std::string::npos);
  Sarif.replace(Key, 11, "\"%OTHER%\"");
  RunResult R = validate(Sarif);
  EXPECT_EQ(R.Exit, 1) << R.Output;
  EXPECT_NE(R.Output.find("%SRCROOT%"), std::string::npos) << R.Output;
}

TEST_F(SarifValidation, RejectsSchemaViolation) {
  std::string Sarif = render(writeSarif, sampleReport(), sourceCatalog());
  size_t At = Sarif.find("\"level\": \"error\"");
  ASSERT_NE(At, std::string::npos);
  Sarif.replace(At, 16, "\"level\": \"fatal\"");
  RunResult R = validate(Sarif);
  EXPECT_EQ(R.Exit, 1) << R.Output;
  EXPECT_NE(R.Output.find("fatal"), std::string::npos) << R.Output;
}
