//===- PassDetail.h - base classes of the nn passes -------------*- C++ -*-===//
//
// The tablegen'erated pass base classes, private to the pass implementations.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_DIALECT_NN_TRANSFORMS_PASSDETAIL_H
#define NNCC_LIB_DIALECT_NN_TRANSFORMS_PASSDETAIL_H

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

namespace nncc {
namespace nn {

#define GEN_PASS_CLASSES
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"

} // namespace nn
} // namespace nncc

#endif // NNCC_LIB_DIALECT_NN_TRANSFORMS_PASSDETAIL_H
