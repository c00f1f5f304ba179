//===- ModelLoader.h - read and check an ONNX model -------------*- C++ -*-===//
//
// Everything before building IR: parsing the protobuf, refusing what nncc
// cannot import (wrong file, opset, unsupported operators, dynamic shapes),
// loading external data safely, binding inputs to constants (--bind-input),
// applying --input-shape overrides and running ONNX's checker and shape
// inference.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_IMPORT_ONNX_MODELLOADER_H
#define NNCC_LIB_IMPORT_ONNX_MODELLOADER_H

#include "nncc/Import/ONNX/ImportONNX.h"

#include "mlir/IR/Location.h"
#include "mlir/Support/LogicalResult.h"

#include <cstdint>

namespace onnx {
class ModelProto;
} // namespace onnx

namespace nncc {
namespace onnx_import {

/// The opsets of the default ONNX domain the handlers import; older models
/// are upgraded to kMinOpset by ONNX's version converter first.
constexpr int kMinOpset = 7;
constexpr int kMaxOpset = 17;

/// The most elements one tensor may have: Halide indexes buffers with int32.
constexpr int64_t kMaxTensorElements = INT32_MAX;

/// Reports (at `loc`, naming `what`) and fails when a tensor of `dims` has more
/// than kMaxTensorElements elements, also when the product overflows.
mlir::LogicalResult checkElementCount(mlir::Location loc,
                                      const llvm::Twine &what,
                                      llvm::ArrayRef<int64_t> dims);

/// Loads `path` into `model`, ready for GraphImporter; sets `opset` to the
/// default domain's version. Reports every problem as an nncc diagnostic.
mlir::LogicalResult loadModel(llvm::StringRef path,
                              llvm::ArrayRef<InputShape> shapes,
                              llvm::ArrayRef<InputBinding> bindings,
                              mlir::MLIRContext &ctx, onnx::ModelProto &model,
                              int &opset);

/// As above, for a model already in memory; `path` names it in messages and
/// locates its external data.
mlir::LogicalResult loadModel(llvm::StringRef data, llvm::StringRef path,
                              llvm::ArrayRef<InputShape> shapes,
                              llvm::ArrayRef<InputBinding> bindings,
                              mlir::MLIRContext &ctx, onnx::ModelProto &model,
                              int &opset);

} // namespace onnx_import
} // namespace nncc

#endif // NNCC_LIB_IMPORT_ONNX_MODELLOADER_H
