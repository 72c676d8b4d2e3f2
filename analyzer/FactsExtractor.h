// Reduces each function of a parsed translation unit to its lock events (FunctionFacts):
// a walk over Clang's CFG that keeps lock acquisitions, releases, guard lifetimes,
// trylock branches and calls, and drops everything else.
#pragma once

#include "Facts.h"

namespace clang {
class ASTContext;
}

namespace lockgraph {

class ApiModel;

// Extracts facts for every function defined outside system headers in Ctx's
// translation unit, and the NOLINT comments of the files those functions are in.
void extractFacts(clang::ASTContext &Ctx, const ApiModel &Api, TranslationUnitFacts &Out);

} // namespace lockgraph
