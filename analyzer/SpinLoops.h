// Loops that wait for shared state without blocking: the raw material of the static
// busy-wait rule. A spin loop's exit depends on shared data (its condition, or an
// `if (...) break;` at the top of its body) or on a failed trylock, and its body does
// nothing but sleep, yield, pause, retry the trylock or update locals. Whether the data
// is written by another thread, and whether an atomic spin is a spinlock, is decided at
// link time (checks/BusyWait.cpp).
#pragma once

#include "Facts.h"

#include <functional>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
class SourceLocation;
} // namespace clang

namespace lockgraph {

class AccessRecorder;
class ApiModel;
class LockPathBuilder;

std::vector<SpinLoop> findSpinLoops(const clang::FunctionDecl *Fn, clang::ASTContext &Ctx,
                                    const ApiModel &Api, const AccessRecorder &Accesses,
                                    const LockPathBuilder &Paths,
                                    const std::function<Site(clang::SourceLocation)> &SiteOf);

} // namespace lockgraph
