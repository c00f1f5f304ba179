//===- ConstTensor.h - tensors the importer knows at compile time -*- C++ -*-===//
//
// Initializers, Constant nodes and the results of shape subgraphs live here
// while importing. Integer tensors only ever exist in this form: they compute
// shapes and indices and never become nn ops. Float tensors become
// nn.constant when an nn op uses them.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_IMPORT_ONNX_CONSTTENSOR_H
#define NNCC_LIB_IMPORT_ONNX_CONSTTENSOR_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace onnx {
class TensorProto;
} // namespace onnx

namespace nncc {
namespace onnx_import {

using Shape = llvm::SmallVector<int64_t, 4>;

/// The most elements a compile-time tensor may have (1 GiB of f32): larger
/// ones come from corrupt files or shape arithmetic gone wrong.
constexpr int64_t kMaxFoldedElements = int64_t(1) << 28;

/// A Shape holding `dims` (LLVM 14's SmallVector has no ArrayRef constructor).
inline Shape toShape(llvm::ArrayRef<int64_t> dims) {
  return Shape(dims.begin(), dims.end());
}

/// Number of elements of a shape (1 for a scalar).
int64_t numElements(llvm::ArrayRef<int64_t> shape);

/// "1x3x224x224" ("scalar" for rank 0).
std::string shapeStr(llvm::ArrayRef<int64_t> shape);

/// A dense, row-major tensor of f32 or of integers (all integer and boolean
/// ONNX types are held as int64).
struct ConstTensor {
  bool isFloat = false;
  Shape shape;
  std::vector<float> floats;
  std::vector<int64_t> ints;

  static ConstTensor ofInts(llvm::ArrayRef<int64_t> shape,
                            std::vector<int64_t> values);
  static ConstTensor ofFloats(llvm::ArrayRef<int64_t> shape,
                              std::vector<float> values);
  /// A 1-D integer tensor.
  static ConstTensor vector(llvm::ArrayRef<int64_t> values);

  int64_t size() const { return numElements(shape); }
  /// Element `i` as a double (exact for floats and for integers < 2^53).
  double asDouble(size_t i) const;
  /// Element `i` as an integer (floats truncate toward zero).
  int64_t asInt(size_t i) const;
  /// All elements as integers.
  std::vector<int64_t> toInts() const;
  /// All elements as floats.
  std::vector<float> toFloats() const;

  /// The same elements under another shape of equal size.
  ConstTensor reshaped(llvm::ArrayRef<int64_t> newShape) const;
  /// A tensor of shape `newShape` whose element j is this tensor's element
  /// `source[j]`: every data movement op is one such selection.
  ConstTensor select(llvm::ArrayRef<int64_t> newShape,
                     llvm::ArrayRef<int64_t> source) const;
};

/// Reads an ONNX TensorProto whose data is inline (external data must have
/// been loaded already). Returns None and sets `error` for unsupported types.
std::optional<ConstTensor> readTensorProto(const onnx::TensorProto &proto,
                                           std::string &error);

/// Row-major strides of `shape`.
Shape stridesOf(llvm::ArrayRef<int64_t> shape);

/// Source indices of a transpose by `perm`.
std::vector<int64_t> transposeIndices(llvm::ArrayRef<int64_t> shape,
                                      llvm::ArrayRef<int64_t> perm,
                                      Shape &resultShape);

/// Source indices of a normalized slice (full-rank starts/steps, sizes).
std::vector<int64_t> sliceIndices(llvm::ArrayRef<int64_t> shape,
                                  llvm::ArrayRef<int64_t> starts,
                                  llvm::ArrayRef<int64_t> steps,
                                  llvm::ArrayRef<int64_t> resultShape);

/// For a numpy broadcast of `shape` to `resultShape`: the source index of
/// every result element.
std::vector<int64_t> broadcastIndices(llvm::ArrayRef<int64_t> shape,
                                      llvm::ArrayRef<int64_t> resultShape);

/// Concatenates tensors of one kind along `axis` (shapes already checked).
ConstTensor concat(llvm::ArrayRef<const ConstTensor *> parts, int64_t axis);

} // namespace onnx_import
} // namespace nncc

#endif // NNCC_LIB_IMPORT_ONNX_CONSTTENSOR_H
