//===- Storage.h - how tensors lie in memory ---------------------*- C++ -*-===//
//
// A tensor's storage says which buffer holds it (a graph input or output, the
// activation arena, or an embedded constant), where in that buffer it starts,
// and the order and strides of its dimensions. Views (concat inputs, split
// and slice results, reshapes that move nothing) are storages that share a
// buffer with another tensor. Kernels are compiled for exact storages.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_TARGET_HALIDE_STORAGE_H
#define NNCC_LIB_TARGET_HALIDE_STORAGE_H

#include "Halide.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"

#include <string>
#include <vector>

namespace nncc {

/// One dimension of a buffer, as halide_dimension_t has it.
struct Dim {
  int64_t extent;
  int64_t stride;
};

/// Where and how a tensor's elements lie in memory.
struct Storage {
  enum class Base { Input, Output, Arena, Constant };
  Base base = Base::Arena;
  /// Graph input/output number, or constant number.
  unsigned index = 0;
  /// Elements from the start of the base buffer (arena: of the arena).
  int64_t offset = 0;
  /// Storage dimension i (innermost first) holds ONNX dimension order[i].
  llvm::SmallVector<int, 5> order;
  /// Extent and stride of each storage dimension.
  llvm::SmallVector<Dim, 5> dims;
  /// When not empty, channel c of the tensor lies at storage channel
  /// channels[c] of dims[0], which then spans the buffer's channels rather
  /// than the tensor's. Only for channels-innermost storages.
  std::vector<int> channels;

  unsigned rank() const { return dims.size(); }
  /// Extent of ONNX dimension `dim`.
  int64_t extentOf(int dim) const;
  /// Elements the storage spans from its first to its last element.
  int64_t span() const;
  /// True when the elements are contiguous in storage order.
  bool isDense() const;
  /// Describes order, extents and strides: kernels compiled for one storage
  /// serve every tensor with an equal layout.
  std::string layoutKey() const;
};

/// ONNX row-major order for a rank: innermost storage dim is the last ONNX dim.
llvm::SmallVector<int, 5> rowMajorOrder(unsigned rank);

/// Channels-innermost order for NCHW tensors: storage (C, W, H, N).
llvm::SmallVector<int, 5> channelsLastOrder();

/// A dense storage of `shape` (ONNX order) laid out in `order`.
Storage denseStorage(llvm::ArrayRef<int64_t> shape,
                     llvm::ArrayRef<int> order);

/// A buffer parameter constrained to the storage's exact layout, which is
/// what lets Halide compile every kernel for static shapes.
Halide::ImageParam makeParam(const Storage &storage, const std::string &name);

/// The storage channel holding tensor channel `c` of a mapped storage:
/// read as a scalar per channel (a reduction's channel) it costs a load;
/// as a vector of channels it is a gather.
Halide::Expr storageChannel(const Storage &storage, const Halide::Expr &c);

/// The tensor in ONNX indexing, Halide-style innermost first: for an NCHW
/// tensor f(w, h, c, n). A channel map is read through.
Halide::Func logicalView(const Halide::ImageParam &param,
                         const Storage &storage);

/// The output Func of a kernel: `logical` rearranged into storage order.
/// `vars` receives the storage-order variables, innermost first.
Halide::Func storageView(const Halide::Func &logical, const Storage &storage,
                         std::vector<Halide::Var> &vars);

/// Sets the exact layout of a kernel's output buffer.
void constrainOutput(Halide::Func &output, const Storage &storage);

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_STORAGE_H
