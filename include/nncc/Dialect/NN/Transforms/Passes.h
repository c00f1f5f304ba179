//===- Passes.h - nn graph passes -------------------------------*- C++ -*-===//
//
// Factories and registration for the nn graph passes declared in Passes.td.
// nncc's default pipeline (nncc/Pipeline/Pipeline.h) decides their order.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_TRANSFORMS_PASSES_H
#define NNCC_DIALECT_NN_TRANSFORMS_PASSES_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/Pass.h"

#include <memory>

namespace nncc {
namespace nn {

/// nn-fold-batch-norm: batch norm into conv weights, or a scale and shift.
std::unique_ptr<mlir::OperationPass<mlir::FuncOp>> createFoldBatchNormPass();

/// nn-fuse-activation: activations into their producer's epilogue.
std::unique_ptr<mlir::OperationPass<mlir::FuncOp>> createFuseActivationPass();

/// nn-fuse-depthwise-pointwise: depthwise + 1x1 conv into separable_conv2d.
std::unique_ptr<mlir::OperationPass<mlir::FuncOp>>
createFuseDepthwisePointwisePass();

/// nn-recognize-channel-shuffle: reshape-transpose-reshape into
/// channel_shuffle.
std::unique_ptr<mlir::OperationPass<mlir::FuncOp>>
createRecognizeChannelShufflePass();

/// Folds channel shuffles into their producers (nn-lower-channel-shuffle).
std::unique_ptr<mlir::OperationPass<mlir::FuncOp>>
createLowerChannelShufflePass();

/// Registers every nn pass with MLIR's pass registry (for nncc-opt and for
/// nncc's --mlir-print-ir-after=<pass>).
void registerNNPasses();

} // namespace nn
} // namespace nncc

#endif // NNCC_DIALECT_NN_TRANSFORMS_PASSES_H
