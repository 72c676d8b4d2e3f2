// The element layout of array variables, from a module's DWARF: what a lock's offset
// inside a global array means ("chop[1].lock", not "chop+0x30"). The lock's own size
// is no guide when the array's elements are structs that hold the lock.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

namespace lockgraph {

struct ArrayLayout {
  uint64_t ElementSize = 0;
  // The element's members when it is a struct: (offset, name), by offset.
  std::vector<std::pair<uint64_t, std::string>> Members;
};

class ArrayLayouts {
public:
  // The layout of the array variable starting at file address Start of the object
  // file at Path; null when it is no array or there is no debug info. Each file is
  // read once.
  const ArrayLayout *find(const std::string &Path, uint64_t Start);

private:
  std::map<std::string, std::map<uint64_t, ArrayLayout>> ByFile;
};

// "chop[1]", "chop[1].lock", "chop[1]+0x4" for Into bytes into the array.
std::string elementName(const std::string &Variable, const ArrayLayout &L, uint64_t Into);

} // namespace lockgraph
