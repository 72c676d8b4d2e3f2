#include "lockgraph/StaticJoin.h"

#include "lockgraph/InputLimits.h"

#include "llvm/Support/JSON.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <set>
#include <tuple>

namespace lockgraph {
namespace {

using llvm::json::Object;

SourceLocation locationIn(const Object &O, llvm::StringRef Prefix = "") {
  auto Key = [&](llvm::StringRef Name) {
    return Prefix.empty() ? Name.str() : (Prefix + Name.substr(0, 1).upper() + Name.substr(1)).str();
  };
  SourceLocation L;
  if (auto F = O.getString(Key("file")))
    L.File = F->str();
  L.Line = unsigned(O.getInteger(Key("line")).value_or(0));
  L.Column = unsigned(O.getInteger(Key("column")).value_or(0));
  return L;
}

Finding findingFrom(const Object &O) {
  Finding F;
  F.RuleId = O.getString("rule").value_or("").str();
  F.Message = O.getString("message").value_or("").str();
  parseSeverity(O.getString("severity").value_or("warning").str(), F.Level);
  if (const Object *L = O.getObject("location"))
    F.Primary = locationIn(*L);
  F.Function = O.getString("function").value_or("").str();
  F.Fingerprint = O.getString("fingerprint").value_or("").str();
  F.Origin = "static";
  if (const auto *Locks = O.getArray("locks"))
    for (const auto &V : *Locks)
      if (auto S = V.getAsString())
        F.Locks.push_back(S->str());
  if (const auto *Notes = O.getArray("notes"))
    for (const auto &V : *Notes)
      if (const Object *N = V.getAsObject())
        F.Notes.push_back({locationIn(*N), N->getString("message").value_or("").str()});
  if (const auto *Edges = O.getArray("edges"))
    for (const auto &V : *Edges)
      if (const Object *E = V.getAsObject()) {
        LockEdge LE;
        LE.From = E->getString("from").value_or("").str();
        LE.To = E->getString("to").value_or("").str();
        LE.Site = locationIn(*E);
        LE.HeldSite = locationIn(*E, "held");
        LE.Function = E->getString("function").value_or("").str();
        LE.MayOnly = E->getBoolean("mayOnly").value_or(false);
        if (const auto *Chain = E->getArray("callChain"))
          for (const auto &C : *Chain)
            if (auto S = C.getAsString())
              LE.CallChain.push_back(S->str());
        F.Edges.push_back(std::move(LE));
      }
  // Each half of a cycle, as the check wrote it: the joined report shows the paths of a
  // static finding as the check's own report does.
  if (const auto *Flows = O.getArray("flows"))
    for (const auto &V : *Flows)
      if (const auto *Steps = V.getAsArray()) {
        Flow Fl;
        for (const auto &SV : *Steps)
          if (const Object *S = SV.getAsObject())
            Fl.push_back({locationIn(*S), S->getString("message").value_or("").str(),
                          S->getString("function").value_or("").str(), {}});
        F.Flows.push_back(std::move(Fl));
      }
  return F;
}

// Same file (the static path's components end the runtime one) and same function (the
// runtime's symbolized name may carry the parameter list).
bool samePlace(const Finding &Static, const Finding &Runtime) {
  SourceLocation S = Static.Primary, R = Runtime.Primary;
  S.Line = R.Line = 1;
  llvm::StringRef Fn(Runtime.Function);
  return !Static.Function.empty() && sameSite(S, R) && Fn.consume_front(Static.Function) &&
         (Fn.empty() || Fn.starts_with("("));
}

bool edgeTaken(const LockEdge &Static, const std::vector<LockEdge> &Graph) {
  for (const LockEdge &R : Graph)
    if (sameSite(Static.Site, R.Site) && sameSite(Static.HeldSite, R.HeldSite))
      return true;
  return false;
}

} // namespace

bool sameSite(const SourceLocation &Static, const SourceLocation &Runtime) {
  if (!Static.valid() || !Runtime.valid() || Static.Line != Runtime.Line)
    return false;
  // Component by component from the end: "src/bank.c" ends "/repo/src/bank.c".
  auto S = llvm::sys::path::rbegin(Static.File), SE = llvm::sys::path::rend(Static.File);
  auto R = llvm::sys::path::rbegin(Runtime.File), RE = llvm::sys::path::rend(Runtime.File);
  for (; S != SE; ++S, ++R) {
    if (*S == "/" || *S == ".")
      break;
    if (R == RE || *S != *R)
      return false;
  }
  return true;
}

llvm::Expected<std::vector<Finding>> readReportFindings(llvm::StringRef Path) {
  auto Buf = llvm::MemoryBuffer::getFile(Path);
  if (!Buf)
    return llvm::createStringError(Buf.getError(), "cannot read '%s': %s", Path.str().c_str(),
                                   Buf.getError().message().c_str());
  if (std::string Deep = jsonNestingError((*Buf)->getBuffer()); !Deep.empty())
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'%s': %s",
                                   Path.str().c_str(), Deep.c_str());
  llvm::Expected<llvm::json::Value> V = llvm::json::parse((*Buf)->getBuffer());
  if (!V)
    return llvm::createStringError(llvm::inconvertibleErrorCode(), "'%s' is not JSON: %s",
                                   Path.str().c_str(), llvm::toString(V.takeError()).c_str());
  const Object *O = V->getAsObject();
  const llvm::json::Array *Findings = O ? O->getArray("findings") : nullptr;
  if (!O || O->getString("format") != "lockgraph-report" || !Findings)
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   "'%s' is not a lockgraph JSON report (check --format json)",
                                   Path.str().c_str());
  std::vector<Finding> Out;
  for (const auto &F : *Findings)
    if (const Object *FO = F.getAsObject())
      Out.push_back(findingFrom(*FO));
  return Out;
}

void joinStaticFindings(Report &Runtime, std::vector<Finding> Static) {
  EdgeCoverage &C = Runtime.Coverage;
  C.Joined = true;
  std::set<std::tuple<std::string, unsigned, std::string, unsigned>> Counted;
  for (Finding &S : Static) {
    if (S.RuleId == "lock-order-inversion" && !S.Edges.empty()) {
      bool All = true;
      for (const LockEdge &E : S.Edges) {
        bool Taken = edgeTaken(E, Runtime.Graph);
        All &= Taken;
        if (!Counted.insert({E.Site.File, E.Site.Line, E.HeldSite.File, E.HeldSite.Line}).second)
          continue;
        ++C.StaticEdges;
        if (Taken)
          ++C.Exercised;
        else
          C.Unexercised.push_back(E);
      }
      // The same cycle reported by the runtime: one finding, both detectors.
      Finding *Same = nullptr;
      for (Finding &R : Runtime.Findings)
        if (R.RuleId == S.RuleId && R.Origin == "runtime" && !R.Edges.empty() &&
            llvm::all_of(R.Edges, [&](const LockEdge &RE) {
              return llvm::any_of(S.Edges, [&](const LockEdge &SE) {
                return sameSite(SE.Site, RE.Site) && sameSite(SE.HeldSite, RE.HeldSite);
              });
            }))
          Same = &R;
      if (Same) {
        Same->Origin = "static+runtime";
        Same->ConfirmedAtRuntime = true;
        Same->Notes.push_back({S.Primary, "lockgraph check reported it too: " + S.Message});
        continue;
      }
      if (All) {
        S.ConfirmedAtRuntime = true;
        S.Notes.push_back({SourceLocation(), "confirmed at run time: every order of this "
                                             "cycle was taken by the processes traced"});
      }
    }
    // Another rule both halves report (a busy wait, a double lock, a leak): one finding
    // when the runtime's is in the same function of the same file.
    if (S.RuleId != "lock-order-inversion") {
      auto Same = llvm::find_if(Runtime.Findings, [&](const Finding &R) {
        return R.RuleId == S.RuleId && R.Origin == "runtime" && samePlace(S, R);
      });
      if (Same != Runtime.Findings.end()) {
        Same->Origin = "static+runtime";
        Same->Notes.push_back({S.Primary, "lockgraph check reported it too: " + S.Message});
        continue;
      }
    }
    Runtime.Findings.push_back(std::move(S));
  }
}

} // namespace lockgraph
