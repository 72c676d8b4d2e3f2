// The output writers on a hand-built Report: exact text, JSON fields, DOT escaping and
// highlighting, and the SARIF details code scanning depends on.
#include "report_test_support.h"

#include "lockgraph/Writers.h"

#include "llvm/Support/JSON.h"

#include <gtest/gtest.h>

using namespace lockgraph;
using namespace lockgraph::testing;

namespace {

llvm::json::Value parseJson(const std::string &Text) {
  llvm::Expected<llvm::json::Value> V = llvm::json::parse(Text);
  if (!V) {
    ADD_FAILURE() << llvm::toString(V.takeError()) << "\n" << Text;
    return nullptr;
  }
  return std::move(*V);
}

// Follows a path of object keys and array indexes; null when any step is missing.
const llvm::json::Value *at(const llvm::json::Value &Root,
                            std::initializer_list<std::variant<const char *, size_t>> Path) {
  const llvm::json::Value *V = &Root;
  for (const auto &Step : Path) {
    if (const char *const *Key = std::get_if<const char *>(&Step)) {
      const llvm::json::Object *O = V->getAsObject();
      V = O ? O->get(*Key) : nullptr;
    } else {
      const llvm::json::Array *A = V->getAsArray();
      size_t I = std::get<size_t>(Step);
      V = A && I < A->size() ? &(*A)[I] : nullptr;
    }
    if (!V)
      return nullptr;
  }
  return V;
}

std::string str(const llvm::json::Value *V) {
  if (!V)
    return "<missing>";
  std::optional<llvm::StringRef> S = V->getAsString();
  return S ? S->str() : "<not a string>";
}

int64_t num(const llvm::json::Value *V) {
  if (!V)
    return -1;
  return V->getAsInteger().value_or(-2);
}

size_t len(const llvm::json::Value *V) {
  const llvm::json::Array *A = V ? V->getAsArray() : nullptr;
  return A ? A->size() : 0;
}

} // namespace

// ---- displayPath and format names -------------------------------------------------

TEST(DisplayPath, RelativeInsideBaseDirOnly) {
  EXPECT_EQ(displayPath("/src/proj/a.c", "/src/proj"), "a.c");
  EXPECT_EQ(displayPath("/src/proj/sub/a.c", "/src/proj/"), "sub/a.c");
  EXPECT_EQ(displayPath("/src/proj/./sub/../a.c", "/src/proj"), "a.c");
  EXPECT_EQ(displayPath("/src/projx/a.c", "/src/proj"), "/src/projx/a.c");
  EXPECT_EQ(displayPath("/usr/include/stdio.h", "/src/proj"), "/usr/include/stdio.h");
  EXPECT_EQ(displayPath("/src/proj/a.c", ""), "/src/proj/a.c");
  EXPECT_EQ(displayPath("rel/a.c", "/src/proj"), "rel/a.c");
  EXPECT_EQ(displayPath("/a.c", "/"), "a.c");
  EXPECT_EQ(displayPath("", "/src/proj"), "");
}

TEST(OutputFormat, ParsesTheFourNames) {
  OutputFormat F = OutputFormat::Text;
  EXPECT_TRUE(parseOutputFormat("json", F));
  EXPECT_EQ(F, OutputFormat::Json);
  EXPECT_TRUE(parseOutputFormat("sarif", F));
  EXPECT_EQ(F, OutputFormat::Sarif);
  EXPECT_TRUE(parseOutputFormat("dot", F));
  EXPECT_EQ(F, OutputFormat::Dot);
  EXPECT_TRUE(parseOutputFormat("text", F));
  EXPECT_EQ(F, OutputFormat::Text);
  EXPECT_FALSE(parseOutputFormat("xml", F));
  EXPECT_FALSE(parseOutputFormat("JSON", F));
  EXPECT_EQ(F, OutputFormat::Text) << "a failed parse leaves the output alone";
}

TEST(OutputFormat, WriteReportDispatches) {
  Report R = sampleReport();
  RuleCatalog Rules = sourceCatalog();
  auto With = [&](OutputFormat F) {
    return render([F](llvm::raw_ostream &OS, const Report &Rep,
                      const RuleCatalog &Cat) { writeReport(OS, Rep, Cat, F); },
                  R, Rules);
  };
  EXPECT_EQ(With(OutputFormat::Text), render(writeText, R, Rules));
  EXPECT_EQ(With(OutputFormat::Json), render(writeJson, R, Rules));
  EXPECT_EQ(With(OutputFormat::Sarif), render(writeSarif, R, Rules));
  EXPECT_EQ(With(OutputFormat::Dot), render(writeDot, R, Rules));
}

// ---- text -------------------------------------------------------------------------

TEST(TextWriter, CompilerStyleLines) {
  std::string Out = render(writeText, sampleReport(), sourceCatalog());
  EXPECT_EQ(Out,
            "src/a.c:10:5: error: lock-order inversion between 'g_a' and 'g_b': "
            "'transfer' takes 'g_b' while holding 'g_a', 'refund' takes 'g_a' while "
            "holding 'g_b' [lockgraph-lock-order-inversion]\n"
            "src/a.c:9:5: note: 'g_a' acquired here in 'transfer'\n"
            "src/my file.c:21:3: note: 'g_a' acquired here while holding 'g_b'\n"
            "note: the cycle is g_a -> g_b -> g_a\n"
            "\n"
            "/opt/vendor lib/q.c:42:7: error: 'q_lock' is locked again while already "
            "held [lockgraph-double-lock]\n"
            "/opt/vendor lib/q.c:40:3: note: 'q_lock' first acquired here\n"
            "\n"
            "lockgraph: error: src/broken.c: cannot parse: expected ';'\n"
            "lockgraph: 2 findings (2 errors, 0 warnings, 0 notes) in 2 of 3 "
            "translation units\n");
}

TEST(TextWriter, RuntimeReportHasNoTranslationUnitCount) {
  Report R;
  Finding F;
  F.RuleId = "contention";
  F.Level = Severity::Note;
  F.Message = "threads waited 1.2 s for 'g_lock'";
  F.Primary = loc("/src/proj/w.c", 12); // no column
  R.Findings = {F};
  F.RuleId = "lock-leak";
  F.Level = Severity::Warning;
  F.Message = "thread exited holding 'g_lock'";
  F.Primary = SourceLocation();
  R.Findings.push_back(F);
  R.BaseDir = "/src/proj";
  EXPECT_EQ(render(writeText, R, RuleCatalog()),
            "w.c:12: note: threads waited 1.2 s for 'g_lock' [lockgraph-contention]\n"
            "\n"
            "warning: thread exited holding 'g_lock' [lockgraph-lock-leak]\n"
            "\n"
            "lockgraph: 2 findings (0 errors, 1 warnings, 1 notes)\n");
}

TEST(TextWriter, EmptyReport) {
  Report R;
  R.TranslationUnits = 4;
  R.Analyzed = 4;
  EXPECT_EQ(render(writeText, R, RuleCatalog()),
            "lockgraph: 0 findings (0 errors, 0 warnings, 0 notes) in 4 of 4 "
            "translation units\n");
}

// ---- JSON -------------------------------------------------------------------------

TEST(JsonWriter, RoundTripsWithTheDocumentedFields) {
  Report R = sampleReport();
  std::string Out = render(writeJson, R, sourceCatalog());
  llvm::json::Value Doc = parseJson(Out);

  EXPECT_EQ(str(at(Doc, {"tool"})), "lockgraph");
  EXPECT_EQ(str(at(Doc, {"version"})), "0.1.0");
  EXPECT_EQ(str(at(Doc, {"format"})), "lockgraph-report");
  EXPECT_EQ(num(at(Doc, {"formatVersion"})), 1);
  EXPECT_EQ(num(at(Doc, {"summary", "translationUnits"})), 3);
  EXPECT_EQ(num(at(Doc, {"summary", "analyzed"})), 2);
  EXPECT_EQ(num(at(Doc, {"summary", "findings"})), 2);
  EXPECT_EQ(num(at(Doc, {"summary", "bySeverity", "error"})), 2);
  EXPECT_EQ(num(at(Doc, {"summary", "bySeverity", "warning"})), 0);
  EXPECT_EQ(str(at(Doc, {"summary", "errors", size_t(0)})), R.Errors[0]);

  const llvm::json::Value *F = at(Doc, {"findings", size_t(0)});
  ASSERT_NE(F, nullptr) << Out;
  EXPECT_EQ(str(at(*F, {"rule"})), "lock-order-inversion");
  EXPECT_EQ(str(at(*F, {"ruleId"})), "lockgraph-lock-order-inversion");
  EXPECT_EQ(str(at(*F, {"severity"})), "error");
  EXPECT_EQ(str(at(*F, {"message"})), R.Findings[0].Message);
  EXPECT_EQ(str(at(*F, {"location", "file"})), "src/a.c");
  EXPECT_EQ(num(at(*F, {"location", "line"})), 10);
  EXPECT_EQ(num(at(*F, {"location", "column"})), 5);
  EXPECT_EQ(str(at(*F, {"function"})), "transfer");
  EXPECT_EQ(len(at(*F, {"notes"})), 3u);
  EXPECT_EQ(str(at(*F, {"notes", size_t(1), "file"})), "src/my file.c");
  EXPECT_EQ(num(at(*F, {"notes", size_t(1), "line"})), 21);
  // A note without a location has only its message.
  EXPECT_EQ(str(at(*F, {"notes", size_t(2), "message"})), "the cycle is g_a -> g_b -> g_a");
  EXPECT_EQ(at(*F, {"notes", size_t(2), "file"}), nullptr);
  EXPECT_EQ(at(*F, {"notes", size_t(2), "line"}), nullptr);
  EXPECT_EQ(str(at(*F, {"locks", size_t(1)})), "g_b");
  EXPECT_EQ(str(at(*F, {"edges", size_t(1), "from"})), "g_b");
  EXPECT_EQ(str(at(*F, {"edges", size_t(1), "to"})), "g_a");
  EXPECT_EQ(str(at(*F, {"edges", size_t(1), "file"})), "src/my file.c");
  EXPECT_EQ(num(at(*F, {"edges", size_t(1), "line"})), 21);
  EXPECT_EQ(str(at(*F, {"edges", size_t(1), "heldFile"})), "src/my file.c");
  EXPECT_EQ(num(at(*F, {"edges", size_t(1), "heldLine"})), 20);
  EXPECT_EQ(str(at(*F, {"edges", size_t(1), "function"})), "refund");
  EXPECT_EQ(str(at(*F, {"edges", size_t(1), "callChain", size_t(1)})),
            "take_a (src/my file.c:5)");
  EXPECT_EQ(at(*F, {"edges", size_t(1), "mayOnly"})->getAsBoolean(), false);
  EXPECT_EQ(at(*F, {"edges", size_t(1), "inCycle"}), nullptr) << "graph edges only";
  EXPECT_EQ(len(at(*F, {"flows"})), 2u);
  EXPECT_EQ(str(at(*F, {"flows", size_t(1), size_t(2), "function"})), "take_a");
  EXPECT_EQ(at(*F, {"flows", size_t(1), size_t(2), "column"}), nullptr);
  EXPECT_EQ(str(at(*F, {"fingerprint"})), R.Findings[0].Fingerprint);
  EXPECT_EQ(str(at(*F, {"fingerprint"})).size(), 16u);
  EXPECT_EQ(str(at(*F, {"origin"})), "static");
  EXPECT_EQ(num(at(*F, {"count"})), 1);

  // Outside BaseDir: the path is printed as it is.
  const llvm::json::Value *D = at(Doc, {"findings", size_t(1)});
  ASSERT_NE(D, nullptr);
  EXPECT_EQ(str(at(*D, {"location", "file"})), "/opt/vendor lib/q.c");
  EXPECT_EQ(str(at(*D, {"origin"})), "static+runtime");
  EXPECT_EQ(num(at(*D, {"count"})), 4);
  EXPECT_EQ(len(at(*D, {"edges"})), 0u);

  EXPECT_EQ(len(at(Doc, {"graph"})), 4u);
  EXPECT_EQ(at(Doc, {"graph", size_t(0), "inCycle"})->getAsBoolean(), true);
  EXPECT_EQ(at(Doc, {"graph", size_t(2), "inCycle"})->getAsBoolean(), false);
  EXPECT_EQ(at(Doc, {"graph", size_t(2), "mayOnly"})->getAsBoolean(), true);
  EXPECT_EQ(str(at(Doc, {"graph", size_t(2), "from"})), "cfg[\"x\"]");
  EXPECT_EQ(at(Doc, {"graph", size_t(3), "file"}), nullptr);
  EXPECT_EQ(at(Doc, {"graph", size_t(3), "function"}), nullptr);
}

TEST(JsonWriter, IsDeterministic) {
  RuleCatalog Rules = sourceCatalog();
  EXPECT_EQ(render(writeJson, sampleReport(), Rules),
            render(writeJson, sampleReport(), Rules));
}

TEST(JsonWriter, EmptyReportHasEmptyArrays) {
  llvm::json::Value Doc = parseJson(render(writeJson, Report(), RuleCatalog()));
  EXPECT_EQ(num(at(Doc, {"summary", "findings"})), 0);
  ASSERT_NE(at(Doc, {"findings"}), nullptr);
  EXPECT_EQ(len(at(Doc, {"findings"})), 0u);
  ASSERT_NE(at(Doc, {"graph"}), nullptr);
  ASSERT_NE(at(Doc, {"summary", "errors"}), nullptr);
}

// ---- DOT --------------------------------------------------------------------------

TEST(DotWriter, HighlightsCyclesAndEscapesNames) {
  std::string Out = render(writeDot, sampleReport(), sourceCatalog());
  // Nodes are numbered in name order: back\slash, cfg["x"], g_a, g_b.
  EXPECT_EQ(Out,
            "digraph lockgraph {\n"
            "  node [shape=box, fontname=\"monospace\"];\n"
            "  edge [fontname=\"monospace\", fontsize=10];\n"
            "  n0 [label=\"back\\\\slash\"];\n"
            "  n1 [label=\"cfg[\\\"x\\\"]\"];\n"
            "  n2 [label=\"g_a\", color=red];\n"
            "  n3 [label=\"g_b\", color=red];\n"
            "  n2 -> n3 [label=\"src/a.c:10\\ntransfer\", color=red, penwidth=2];\n"
            "  n3 -> n2 [label=\"src/my file.c:21\\nrefund\", color=red, penwidth=2];\n"
            "  n1 -> n0 [label=\"src/c.c:7\\nload \\\"cfg\\\"\", style=dashed];\n"
            "  n2 -> n1 [label=\"\"];\n"
            "}\n");
}

TEST(DotWriter, LocksThatPrintAlikeStayApartAndEachEdgeOnce) {
  // Two functions' local `m` print alike but are two locks; the same edge reported
  // twice (two occurrences of one order) is drawn once.
  Report R;
  auto Edge = [](std::string From, std::string FromKey, std::string To, std::string ToKey) {
    LockEdge E;
    E.From = std::move(From);
    E.FromKey = std::move(FromKey);
    E.To = std::move(To);
    E.ToKey = std::move(ToKey);
    return E;
  };
  R.Graph = {Edge("m", "%c:@F@f%m", "g", "@c:@g"), Edge("m", "%c:@F@h%m", "g", "@c:@g"),
             Edge("m", "%c:@F@f%m", "g", "@c:@g")};
  std::string Out = render(writeDot, R, RuleCatalog());
  EXPECT_NE(Out.find("[label=\"m (1 of 2)\"]"), std::string::npos) << Out;
  EXPECT_NE(Out.find("[label=\"m (2 of 2)\"]"), std::string::npos) << Out;
  size_t Arrows = 0;
  for (size_t At = Out.find("->"); At != std::string::npos; At = Out.find("->", At + 2))
    ++Arrows;
  EXPECT_EQ(Arrows, 2u) << Out;
}

TEST(DotWriter, EmptyGraph) {
  std::string Out = render(writeDot, Report(), RuleCatalog());
  EXPECT_EQ(Out.rfind("digraph lockgraph {\n", 0), 0u);
  EXPECT_EQ(Out.substr(Out.size() - 2), "}\n");
  EXPECT_EQ(Out.find("->"), std::string::npos);
}

// ---- SARIF ------------------------------------------------------------------------

TEST(SarifWriter, RunToolAndRules) {
  RuleCatalog Rules = sourceCatalog();
  llvm::json::Value Doc = parseJson(render(writeSarif, sampleReport(), Rules));
  EXPECT_EQ(str(at(Doc, {"$schema"})), "https://json.schemastore.org/sarif-2.1.0.json");
  EXPECT_EQ(str(at(Doc, {"version"})), "2.1.0");
  ASSERT_EQ(len(at(Doc, {"runs"})), 1u);
  const llvm::json::Value &Run = *at(Doc, {"runs", size_t(0)});

  EXPECT_EQ(str(at(Run, {"tool", "driver", "name"})), "lockgraph");
  EXPECT_EQ(str(at(Run, {"tool", "driver", "semanticVersion"})), "0.1.0");
  EXPECT_EQ(str(at(Run, {"tool", "driver", "informationUri"})),
            "https://github.com/lockgraph/lockgraph");
  ASSERT_EQ(len(at(Run, {"tool", "driver", "rules"})), Rules.rules().size());
  for (size_t I = 0; I < Rules.rules().size(); ++I) {
    const RuleInfo &Info = Rules.rules()[I];
    const llvm::json::Value &D = *at(Run, {"tool", "driver", "rules", I});
    SCOPED_TRACE(Info.Id);
    EXPECT_EQ(str(at(D, {"id"})), "lockgraph-" + Info.Id);
    EXPECT_EQ(str(at(D, {"shortDescription", "text"})), Info.Title);
    EXPECT_EQ(str(at(D, {"fullDescription", "text"})), Info.Summary);
    EXPECT_NE(str(at(D, {"help", "markdown"})).find("```"), std::string::npos);
    EXPECT_NE(str(at(D, {"help", "text"})).find(Info.Bad), std::string::npos);
    EXPECT_EQ(str(at(D, {"defaultConfiguration", "level"})),
              severityName(Info.DefaultSeverity));
    EXPECT_EQ(str(at(D, {"properties", "tags", size_t(0)})), "concurrency");
    EXPECT_EQ(str(at(D, {"properties", "precision"})), "high");
  }
  const llvm::json::Value *Lor = at(Run, {"tool", "driver", "rules", size_t(0)});
  // Rules are in catalogue (id) order; bad-unlock is first.
  EXPECT_EQ(str(at(*Lor, {"name"})), "BadUnlock");

  EXPECT_EQ(str(at(Run, {"originalUriBaseIds", "%SRCROOT%", "uri"})), "file:///src/proj/");
  EXPECT_EQ(at(Run, {"invocations", size_t(0), "executionSuccessful"})->getAsBoolean(),
            true);
  EXPECT_EQ(str(at(Run, {"invocations", size_t(0), "toolExecutionNotifications", size_t(0),
                         "level"})),
            "error");
  EXPECT_EQ(str(at(Run, {"invocations", size_t(0), "toolExecutionNotifications", size_t(0),
                         "message", "text"})),
            "src/broken.c: cannot parse: expected ';'");
}

TEST(SarifWriter, CweReferencesBecomeTags) {
  RuleCatalog Rules = sourceCatalog();
  llvm::json::Value Doc = parseJson(render(writeSarif, Report(), Rules));
  const llvm::json::Array *Descriptors =
      at(Doc, {"runs", size_t(0), "tool", "driver", "rules"})->getAsArray();
  ASSERT_NE(Descriptors, nullptr);
  bool Found = false;
  for (const llvm::json::Value &D : *Descriptors)
    if (str(at(D, {"id"})) == "lockgraph-lock-order-inversion")
      for (const llvm::json::Value &Tag : *at(D, {"properties", "tags"})->getAsArray())
        Found |= Tag.getAsString() == llvm::StringRef("external/cwe/cwe-833");
  EXPECT_TRUE(Found);
}

TEST(SarifWriter, ResultsLocationsFingerprintsAndFlows) {
  RuleCatalog Rules = sourceCatalog();
  Report R = sampleReport();
  llvm::json::Value Doc = parseJson(render(writeSarif, R, Rules));
  const llvm::json::Value &Run = *at(Doc, {"runs", size_t(0)});
  ASSERT_EQ(len(at(Run, {"results"})), 2u);

  const llvm::json::Value &Res = *at(Run, {"results", size_t(0)});
  EXPECT_EQ(str(at(Res, {"ruleId"})), "lockgraph-lock-order-inversion");
  int64_t Index = num(at(Res, {"ruleIndex"}));
  EXPECT_EQ(str(at(Run, {"tool", "driver", "rules", size_t(Index), "id"})),
            "lockgraph-lock-order-inversion");
  EXPECT_EQ(str(at(Res, {"level"})), "error");
  EXPECT_EQ(str(at(Res, {"message", "text"})), R.Findings[0].Message);

  const llvm::json::Value &Phys = *at(Res, {"locations", size_t(0), "physicalLocation"});
  EXPECT_EQ(str(at(Phys, {"artifactLocation", "uri"})), "src/a.c");
  EXPECT_EQ(str(at(Phys, {"artifactLocation", "uriBaseId"})), "%SRCROOT%");
  EXPECT_EQ(num(at(Phys, {"region", "startLine"})), 10);
  EXPECT_EQ(num(at(Phys, {"region", "startColumn"})), 5);
  EXPECT_EQ(str(at(Res, {"locations", size_t(0), "logicalLocations", size_t(0),
                         "fullyQualifiedName"})),
            "transfer");

  ASSERT_EQ(len(at(Res, {"relatedLocations"})), 3u);
  EXPECT_EQ(num(at(Res, {"relatedLocations", size_t(1), "id"})), 1);
  EXPECT_EQ(str(at(Res, {"relatedLocations", size_t(1), "physicalLocation",
                         "artifactLocation", "uri"})),
            "src/my%20file.c");
  EXPECT_EQ(str(at(Res, {"relatedLocations", size_t(1), "message", "text"})),
            "'g_a' acquired here while holding 'g_b'");
  EXPECT_EQ(at(Res, {"relatedLocations", size_t(2), "physicalLocation"}), nullptr);

  EXPECT_EQ(str(at(Res, {"partialFingerprints", "lockgraph/v1"})),
            R.Findings[0].Fingerprint);

  ASSERT_EQ(len(at(Res, {"codeFlows"})), 1u);
  ASSERT_EQ(len(at(Res, {"codeFlows", size_t(0), "threadFlows"})), 2u);
  const llvm::json::Value &Step =
      *at(Res, {"codeFlows", size_t(0), "threadFlows", size_t(1), "locations", size_t(2),
                "location"});
  EXPECT_EQ(str(at(Step, {"message", "text"})), "'g_a' acquired while holding 'g_b'");
  EXPECT_EQ(num(at(Step, {"physicalLocation", "region", "startLine"})), 5);
  EXPECT_EQ(at(Step, {"physicalLocation", "region", "startColumn"}), nullptr);
  EXPECT_EQ(str(at(Step, {"logicalLocations", size_t(0), "fullyQualifiedName"})), "take_a");

  EXPECT_EQ(str(at(Res, {"properties", "origin"})), "static");
  EXPECT_EQ(num(at(Res, {"properties", "count"})), 1);
  EXPECT_EQ(str(at(Res, {"properties", "locks", size_t(0)})), "g_a");

  // Outside BaseDir: an absolute, percent-encoded file URI and no base id.
  const llvm::json::Value &Out = *at(Run, {"results", size_t(1)});
  const llvm::json::Value &Art =
      *at(Out, {"locations", size_t(0), "physicalLocation", "artifactLocation"});
  EXPECT_EQ(str(at(Art, {"uri"})), "file:///opt/vendor%20lib/q.c");
  EXPECT_EQ(at(Art, {"uriBaseId"}), nullptr);
  EXPECT_EQ(at(Out, {"codeFlows"}), nullptr) << "no flows, no codeFlows";
  EXPECT_EQ(str(at(Out, {"properties", "origin"})), "static+runtime");
  EXPECT_EQ(num(at(Out, {"properties", "count"})), 4);
}

TEST(SarifWriter, UnknownRuleGetsADescriptor) {
  Report R;
  Finding F;
  F.RuleId = "future-rule";
  F.Level = Severity::Warning;
  F.Message = "m";
  F.Primary = loc("/x/y.c", 1, 1);
  R.Findings = {F};
  llvm::json::Value Doc = parseJson(render(writeSarif, R, sourceCatalog()));
  const llvm::json::Value &Run = *at(Doc, {"runs", size_t(0)});
  int64_t Index = num(at(Run, {"results", size_t(0), "ruleIndex"}));
  ASSERT_GE(Index, 0);
  EXPECT_EQ(str(at(Run, {"tool", "driver", "rules", size_t(Index), "id"})),
            "lockgraph-future-rule");
  // No BaseDir: absolute URIs, no originalUriBaseIds.
  EXPECT_EQ(at(Run, {"originalUriBaseIds"}), nullptr);
  EXPECT_EQ(str(at(Run, {"results", size_t(0), "locations", size_t(0), "physicalLocation",
                         "artifactLocation", "uri"})),
            "file:///x/y.c");
}

TEST(SarifWriter, MissingPrimaryFallsBackToFirstNote) {
  Report R;
  R.BaseDir = "/p";
  Finding F;
  F.RuleId = "lock-leak";
  F.Message = "thread exited holding 'm'";
  F.Notes = {{SourceLocation(), "no place"}, {loc("/p/t.c", 3, 2), "'m' acquired here"}};
  R.Findings = {F};
  llvm::json::Value Doc = parseJson(render(writeSarif, R, sourceCatalog()));
  EXPECT_EQ(str(at(Doc, {"runs", size_t(0), "results", size_t(0), "locations", size_t(0),
                         "physicalLocation", "artifactLocation", "uri"})),
            "t.c");
}
