//===- Plan.h - buffers and kernel calls of a network ------------*- C++ -*-===//
//
// The plan decides where every tensor lives and which kernel calls compute
// them: activations in channels-innermost layout in one arena whose slots are
// reused by liveness, concat inputs written in place into the concat's
// buffer (concats that pass on part of an earlier one, as ShuffleNet V2's
// units do, share its buffer and are channel maps over it), split/slice
// results and layout-preserving reshapes read as views,
// grouped convolutions run as one ungrouped kernel per group on channel
// views, and weights stored in the layout their kernel reads.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_TARGET_HALIDE_PLAN_H
#define NNCC_LIB_TARGET_HALIDE_PLAN_H

#include "Kernels.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/BuiltinOps.h"

#include <map>
#include <string>
#include <vector>

namespace nncc {

/// A graph input or output as the C API exposes it.
struct TensorInfo {
  std::string name;
  llvm::SmallVector<int64_t, 4> shape;
  int64_t numElements() const;
};

/// A weight tensor, stored in the order its kernel reads it.
struct ConstantData {
  mlir::DenseElementsAttr value;
  /// Where its elements lie in the embedded array (Base::Constant).
  Storage layout;
  /// The embedded array: each element where `layout` puts it, zeros in the
  /// gaps a padded layout leaves.
  std::vector<float> packed() const;
};

/// One kernel call: the kernel's index and its buffers, inputs then output.
struct Call {
  unsigned kernel;
  std::vector<Storage> args;
  /// The op the call computes (for a copy into a concat part, the concat);
  /// null for a copy into a graph output.
  mlir::Operation *op;
  /// Ops the call computes besides `op` (KernelRequest::producer and
  /// residualAdd): this call's own, where the kernel's request, shared by
  /// equal calls, holds the first such call's.
  llvm::SmallVector<mlir::Operation *, 2> absorbed = {};
};

/// Everything code generation emits for one function.
struct Plan {
  std::vector<TensorInfo> inputs, outputs;
  std::vector<ConstantData> constants;
  /// Byte offset of each arena buffer (Storage::index for Base::Arena).
  std::vector<int64_t> arenaOffsets;
  int64_t arenaBytes = 0;
  /// Distinct kernels, and the calls that run them in order.
  std::vector<KernelRequest> kernels;
  std::vector<Call> calls;
};

/// Plans `func`, or reports why it cannot be compiled.
/// Kernels are then built for `threads` and `wideFMA` (buildKernel), which
/// decide the blocks the plan stores some weights in.
mlir::FailureOr<Plan> planFunction(mlir::FuncOp func,
                                   const Halide::Target &target, int threads,
                                   CodegenOptions::WideFMA wideFMA);

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_PLAN_H
