// Where the runtime may create its files (traces, logs) without another user steering
// them: it creates them exclusively and never through a symlink, and only in a folder
// that nobody else can rearrange (docs/trace-format.md, "Where files go").
#pragma once

namespace lockgraph {
namespace rt {

// Why Dir is no place for this process's files, or null when it is: another user
// (root aside) owns it, or users other than its owner may write it and it is not
// sticky (as /tmp is). A folder that does not exist is fine (the caller creates it).
const char *unsafeFolderReason(const char *Dir);

} // namespace rt
} // namespace lockgraph
