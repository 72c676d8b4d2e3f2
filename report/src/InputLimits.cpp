#include "lockgraph/InputLimits.h"

namespace lockgraph {

namespace {

std::string tooDeep(size_t Offset) {
  return "nested more than " + std::to_string(MaxInputNesting) +
         " levels deep (at byte " + std::to_string(Offset) + "); not parsed";
}

} // namespace

std::string jsonNestingError(llvm::StringRef Text) {
  unsigned Depth = 0;
  bool InString = false;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (InString) {
      if (C == '\\')
        ++I;
      else if (C == '"')
        InString = false;
      continue;
    }
    if (C == '"')
      InString = true;
    else if ((C == '[' || C == '{') && ++Depth > MaxInputNesting)
      return tooDeep(I);
    else if ((C == ']' || C == '}') && Depth)
      --Depth;
  }
  return "";
}

// Brackets count wherever they are (also in quotes and comments): a real file never has
// hundreds open at once, and telling YAML's scalars apart would take a parser.
std::string yamlNestingError(llvm::StringRef Text) {
  unsigned Flow = 0;
  unsigned Block = 0; // this line's indentation and compact sequence entries
  bool LineStart = true;
  for (size_t I = 0; I < Text.size(); ++I) {
    char C = Text[I];
    if (C == '\n') {
      LineStart = true;
      Block = 0;
      continue;
    }
    if (LineStart) {
      if (C == ' ' || ((C == '-' || C == '?' || C == ':') && I + 1 < Text.size() &&
                       (Text[I + 1] == ' ' || Text[I + 1] == '\n'))) {
        if (++Block + Flow > MaxInputNesting)
          return tooDeep(I);
        continue;
      }
      LineStart = false;
    }
    if ((C == '[' || C == '{') && ++Flow + Block > MaxInputNesting)
      return tooDeep(I);
    if ((C == ']' || C == '}') && Flow)
      --Flow;
  }
  return "";
}

} // namespace lockgraph
