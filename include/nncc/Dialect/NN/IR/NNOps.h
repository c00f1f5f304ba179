//===- NNOps.h - nn dialect operations --------------------------*- C++ -*-===//
//
// Declares the nn ops generated from NNOps.td and the small helpers that
// passes and code generation share to read their attributes.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNOPS_H
#define NNCC_DIALECT_NN_IR_NNOPS_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "nncc/Dialect/NN/IR/NNDialect.h"

#include <optional>

#define GET_OP_CLASSES
#include "nncc/Dialect/NN/IR/NNOps.h.inc"

namespace nncc {
namespace nn {

/// The integers of an I64ArrayAttr.
llvm::SmallVector<int64_t, 4> toI64s(mlir::ArrayAttr attr);

/// The floats of an F32ArrayAttr.
llvm::SmallVector<float, 4> toFloats(mlir::ArrayAttr attr);

/// The ONNX multidirectional broadcast of two shapes, or failure when some
/// pair of dimensions differs and neither is 1.
mlir::FailureOr<llvm::SmallVector<int64_t, 4>>
broadcastShapes(llvm::ArrayRef<int64_t> lhs, llvm::ArrayRef<int64_t> rhs);

/// Output size of a windowed op (conv or pool) along one spatial dimension,
/// or nullopt when the window's numbers overflow 64-bit arithmetic (only
/// adversarial inputs get there).
std::optional<int64_t> windowOutputSize(int64_t in, int64_t kernel,
                                        int64_t stride, int64_t padBegin,
                                        int64_t padEnd, int64_t dilation,
                                        bool ceilMode);

} // namespace nn
} // namespace nncc

#endif // NNCC_DIALECT_NN_IR_NNOPS_H
