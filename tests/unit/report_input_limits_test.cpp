// The nesting limit every reader checks before llvm::json / llvm::yaml recurse.
#include "lockgraph/InputLimits.h"

#include <gtest/gtest.h>

#include <string>

using namespace lockgraph;

namespace {

std::string repeat(const std::string &S, unsigned N) {
  std::string Out;
  for (unsigned I = 0; I < N; ++I)
    Out += S;
  return Out;
}

TEST(InputLimitsTest, JsonDepthCountsOpenBracketsOutsideStrings) {
  EXPECT_EQ(jsonNestingError(R"({"a":[1,{"b":[]}],"c":"[[[["})"), "");
  std::string AtLimit = repeat("[", MaxInputNesting) + repeat("]", MaxInputNesting);
  EXPECT_EQ(jsonNestingError(AtLimit), "");
  std::string Over = "[" + AtLimit + "]";
  EXPECT_NE(jsonNestingError(Over).find("nested more than 256"), std::string::npos);
  // Depth, not count: many siblings are fine.
  EXPECT_EQ(jsonNestingError("[" + repeat("[],", 100000) + "[]]"), "");
  // Brackets inside strings, also after an escaped quote, do not count.
  EXPECT_EQ(jsonNestingError("[\"\\\"" + repeat("[", 1000) + "\"]"), "");
  EXPECT_NE(jsonNestingError(repeat("{\"a\":", 300) + "1" + repeat("}", 300)), "");
}

TEST(InputLimitsTest, YamlDepthCountsFlowBlockAndCompactSequences) {
  EXPECT_EQ(yamlNestingError("functions:\n  - { name: f, effect: acquire, lock: 0 }\n"
                             "types:\n  - { type: std::mutex }\n"),
            "");
  EXPECT_NE(yamlNestingError("a: " + repeat("[", 300)), "");
  EXPECT_NE(yamlNestingError("a:\n" + repeat("- ", 300) + "x\n"), "") << "compact sequences";
  EXPECT_NE(yamlNestingError(repeat(" ", 300) + "x: 1\n"), "") << "indentation";
  EXPECT_EQ(yamlNestingError(repeat("- x\n", 10000)), "") << "long, not deep";
  // Flow and block levels add up.
  EXPECT_NE(yamlNestingError(repeat(" ", 200) + "a: " + repeat("[", 100)), "");
}

} // namespace
