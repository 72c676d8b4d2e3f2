// Writers for each output format. Each takes the whole Report and the catalogue (for
// rule titles and help in SARIF) and writes one document.
#pragma once

#include "lockgraph/Finding.h"
#include "lockgraph/RuleCatalog.h"

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

namespace lockgraph {

enum class OutputFormat { Text, Json, Sarif, Dot, CodeClimate, Html };

bool parseOutputFormat(llvm::StringRef Name, OutputFormat &Out);

// file:line:col: severity: message [lockgraph-id], then "note:" lines, then a SUMMARY line.
void writeText(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules);
// docs/json-format.md
void writeJson(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules);
// SARIF 2.1.0, valid against the OASIS schema, accepted by GitHub code scanning.
void writeSarif(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules);
// Graphviz: Report::Graph, cycle edges highlighted, each edge labelled with its site.
void writeDot(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules);
// GitLab Code Quality (the Code Climate subset GitLab reads): a JSON array of issues.
void writeCodeClimate(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules);
// One self-contained HTML page: overview, findings with source, graph, contention.
void writeHtml(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules);

void writeReport(llvm::raw_ostream &OS, const Report &R, const RuleCatalog &Rules,
                 OutputFormat Format);

// Path as writers print it: relative to BaseDir when inside it, else unchanged.
std::string displayPath(const std::string &File, const std::string &BaseDir);

} // namespace lockgraph
