// Reads every array variable with a fixed address from a module's DWARF once, keyed by
// that address: a report names few locks, but they may come from many arrays.
#include "ArrayLayouts.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/BinaryFormat/Dwarf.h"
#include "llvm/DebugInfo/DWARF/DWARFContext.h"
#include "llvm/DebugInfo/DWARF/DWARFDie.h"
#include "llvm/DebugInfo/DWARF/DWARFUnit.h"
#include "llvm/Object/ObjectFile.h"
#include "llvm/Support/DataExtractor.h"

#include <algorithm>
#include <optional>

namespace lockgraph {

namespace {

// Past typedefs and qualifiers to the type itself.
llvm::DWARFDie stripType(llvm::DWARFDie T) {
  for (int Depth = 0; T && Depth < 16; ++Depth) {
    switch (T.getTag()) {
    case llvm::dwarf::DW_TAG_typedef:
    case llvm::dwarf::DW_TAG_const_type:
    case llvm::dwarf::DW_TAG_volatile_type:
    case llvm::dwarf::DW_TAG_atomic_type:
      T = T.getAttributeValueAsReferencedDie(llvm::dwarf::DW_AT_type);
      continue;
    default:
      return T;
    }
  }
  return T;
}

// The fixed address of a variable: DW_AT_location is a single DW_OP_addr, or a
// DW_OP_addrx into the unit's address table (DWARF 5).
std::optional<uint64_t> fixedAddress(const llvm::DWARFDie &Var) {
  std::optional<llvm::DWARFFormValue> Loc = Var.find(llvm::dwarf::DW_AT_location);
  std::optional<llvm::ArrayRef<uint8_t>> Expr = Loc ? Loc->getAsBlock() : std::nullopt;
  if (!Expr || Expr->empty())
    return std::nullopt;
  llvm::DWARFUnit *U = Var.getDwarfUnit();
  llvm::DataExtractor Data(
      llvm::StringRef(reinterpret_cast<const char *>(Expr->data()), Expr->size()),
      U->getContext().isLittleEndian(), U->getAddressByteSize());
  llvm::DataExtractor::Cursor C(1);
  std::optional<uint64_t> Addr;
  if ((*Expr)[0] == llvm::dwarf::DW_OP_addr) {
    Addr = Data.getAddress(C);
  } else if ((*Expr)[0] == llvm::dwarf::DW_OP_addrx) {
    uint64_t Index = Data.getULEB128(C);
    if (C && C.tell() == Expr->size())
      if (auto A = U->getAddrOffsetSectionItem(static_cast<uint32_t>(Index)))
        Addr = A->Address;
  }
  // Exactly the one operation: anything after it computes another address.
  if (!C || C.tell() != Expr->size())
    Addr.reset();
  llvm::consumeError(C.takeError());
  return Addr;
}

std::optional<ArrayLayout> layoutOf(const llvm::DWARFDie &Var) {
  llvm::DWARFDie Type =
      stripType(Var.getAttributeValueAsReferencedDie(llvm::dwarf::DW_AT_type));
  if (!Type || Type.getTag() != llvm::dwarf::DW_TAG_array_type)
    return std::nullopt;
  llvm::DWARFDie Element =
      stripType(Type.getAttributeValueAsReferencedDie(llvm::dwarf::DW_AT_type));
  std::optional<uint64_t> Size =
      Element ? llvm::dwarf::toUnsigned(Element.find(llvm::dwarf::DW_AT_byte_size))
              : std::nullopt;
  if (!Size || !*Size)
    return std::nullopt;
  // A multi-dimensional array: the element is a row of the inner dimensions.
  uint64_t Rows = 1;
  bool First = true;
  for (llvm::DWARFDie Range : Type.children())
    if (Range.getTag() == llvm::dwarf::DW_TAG_subrange_type) {
      if (!First)
        if (auto Count = llvm::dwarf::toUnsigned(Range.find(llvm::dwarf::DW_AT_count)))
          Rows *= *Count;
        else if (auto Upper = llvm::dwarf::toUnsigned(Range.find(llvm::dwarf::DW_AT_upper_bound)))
          Rows *= *Upper + 1;
      First = false;
    }
  ArrayLayout L;
  L.ElementSize = *Size * Rows;
  if (Rows == 1 && (Element.getTag() == llvm::dwarf::DW_TAG_structure_type ||
                    Element.getTag() == llvm::dwarf::DW_TAG_class_type))
    for (llvm::DWARFDie Member : Element.children()) {
      if (Member.getTag() != llvm::dwarf::DW_TAG_member)
        continue;
      auto Offset = llvm::dwarf::toUnsigned(Member.find(llvm::dwarf::DW_AT_data_member_location));
      const char *Name = Member.getShortName();
      if (Offset && Name && *Name)
        L.Members.emplace_back(*Offset, Name);
    }
  std::sort(L.Members.begin(), L.Members.end());
  return L;
}

std::map<uint64_t, ArrayLayout> readLayouts(const std::string &Path) {
  std::map<uint64_t, ArrayLayout> Out;
  auto Obj = llvm::object::ObjectFile::createObjectFile(Path);
  if (!Obj) {
    llvm::consumeError(Obj.takeError());
    return Out;
  }
  std::unique_ptr<llvm::DWARFContext> Ctx =
      llvm::DWARFContext::create(*Obj->getBinary(), llvm::DWARFContext::ProcessDebugRelocations::Ignore);
  for (const std::unique_ptr<llvm::DWARFUnit> &U : Ctx->compile_units())
    for (const llvm::DWARFDebugInfoEntry &Entry : U->dies()) {
      llvm::DWARFDie Die(U.get(), &Entry);
      if (Die.getTag() != llvm::dwarf::DW_TAG_variable)
        continue;
      if (std::optional<uint64_t> Addr = fixedAddress(Die))
        if (std::optional<ArrayLayout> L = layoutOf(Die))
          Out.emplace(*Addr, std::move(*L));
    }
  return Out;
}

} // namespace

const ArrayLayout *ArrayLayouts::find(const std::string &Path, uint64_t Start) {
  auto It = ByFile.find(Path);
  if (It == ByFile.end())
    It = ByFile.emplace(Path, readLayouts(Path)).first;
  auto L = It->second.find(Start);
  return L == It->second.end() ? nullptr : &L->second;
}

std::string elementName(const std::string &Variable, const ArrayLayout &L, uint64_t Into) {
  std::string Out = Variable + "[" + std::to_string(Into / L.ElementSize) + "]";
  uint64_t Rest = Into % L.ElementSize;
  const std::pair<uint64_t, std::string> *Member = nullptr;
  for (const auto &M : L.Members) // the last member starting at or before Rest
    if (M.first <= Rest)
      Member = &M;
  if (Member) {
    Out += "." + Member->second;
    Rest -= Member->first;
  }
  if (Rest)
    Out += "+0x" + llvm::utohexstr(Rest, /*LowerCase=*/true);
  return Out;
}

} // namespace lockgraph
