// The HTML writer on the hand-built Report: each half of a cycle as its own path with
// its steps and stack, link targets unique when fingerprints repeat, every edge of a
// reported cycle linked to its finding, and text escaped. The page in a real browser is
// tests/e2e/html_browser.py.
#include "report_test_support.h"

#include "GraphvizSvg.h"
#include "lockgraph/Writers.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

using namespace lockgraph;
using namespace lockgraph::testing;

namespace {

size_t occurrences(const std::string &Text, const std::string &Needle) {
  size_t N = 0;
  for (size_t At = Text.find(Needle); At != std::string::npos; At = Text.find(Needle, At + 1))
    ++N;
  return N;
}

TEST(HtmlWriter, EachHalfOfACycleIsItsOwnPathWithItsStack) {
  Report R = sampleReport();
  R.Findings[0].Flows[0][1].Callers = {{loc("/src/proj/src/main.c", 40), "called from main"}};
  std::string Out = render(writeHtml, R, sourceCatalog());
  EXPECT_NE(Out.find("Path 1 of 2"), std::string::npos);
  EXPECT_NE(Out.find("Path 2 of 2"), std::string::npos);
  EXPECT_NE(Out.find("call to &apos;take_a&apos;"), std::string::npos) << "steps, escaped";
  EXPECT_NE(Out.find("called from main <span class=\"muted\">src/main.c:40</span>"),
            std::string::npos)
      << "the step's stack";
}

TEST(HtmlWriter, LinkTargetsAreUniqueWhenFingerprintsRepeat) {
  Report R = sampleReport();
  R.Findings.push_back(R.Findings[0]); // the same rule and locks: the same fingerprint
  std::string Out = render(writeHtml, R, sourceCatalog());
  std::regex Id("<article[^>]* id=\"([^\"]+)\"");
  std::set<std::string> Ids;
  size_t Articles = 0;
  for (auto It = std::sregex_iterator(Out.begin(), Out.end(), Id); It != std::sregex_iterator();
       ++It, ++Articles)
    Ids.insert((*It)[1]);
  EXPECT_EQ(Articles, R.Findings.size());
  EXPECT_EQ(Ids.size(), Articles);
  EXPECT_TRUE(Ids.count("finding-" + R.Findings[0].Fingerprint));
  EXPECT_TRUE(Ids.count("finding-" + R.Findings[0].Fingerprint + "-2"));
}

TEST(HtmlWriter, ReportedCycleEdgesLinkToTheirFinding) {
  Report R = sampleReport();
  std::string Out = render(writeHtml, R, sourceCatalog());
  std::string Link = "#finding-" + R.Findings[0].Fingerprint;
  if (!haveGraphviz()) {
    EXPECT_NE(Out.find("built without Graphviz"), std::string::npos);
    return;
  }
  // Graphviz links both the line and the label of each of the cycle's two edges.
  EXPECT_EQ(occurrences(Out, "xlink:href=\"" + Link + "\""), 4u);
  EXPECT_EQ(Out.find("<title>"), Out.rfind("<title>")) << "only the page's own title";
}

// A relative path (a check's JSON read back by `report --static`) is read from the
// report's base directory, wherever the command runs.
TEST(HtmlWriter, RelativeSourcePathsAreReadFromTheBaseDir) {
  Report R;
  R.BaseDir = LOCKGRAPH_TEST_SOURCE_DIR;
  Finding F;
  F.RuleId = "lock-order-inversion";
  F.Message = "m";
  F.Primary = loc("examples/bank/ledger.c", 64);
  R.Findings.push_back(F);
  std::string Out = render(writeHtml, R, sourceCatalog());
  EXPECT_NE(Out.find("<mark>   64     pthread_mutex_lock(&amp;ledger_mu);</mark>"),
            std::string::npos)
      << Out.substr(0, 4000);
}

} // namespace
