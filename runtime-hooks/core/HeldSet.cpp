#include "HeldSet.h"

#include "Arena.h"

namespace lockgraph {
namespace rt {

bool HeldSet::grow() { return growArray(Data, Cap, Size + 1); }

void HeldSet::release() {
  if (Data)
    pageFree(Data, Cap * sizeof(HeldLock));
  Data = nullptr;
  Size = Cap = 0;
}

} // namespace rt
} // namespace lockgraph
