//===- NNDialect.h - the nn dialect -----------------------------*- C++ -*-===//
//
// Declares the nn dialect, nncc's graph IR for convolutional networks.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNDIALECT_H
#define NNCC_DIALECT_NN_IR_NNDIALECT_H

#include "mlir/IR/Dialect.h"

#include "nncc/Dialect/NN/IR/NNDialect.h.inc"

#endif // NNCC_DIALECT_NN_IR_NNDIALECT_H
