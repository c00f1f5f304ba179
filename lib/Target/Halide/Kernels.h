//===- Kernels.h - one Halide pipeline per layer ----------------*- C++ -*-===//
//
// A kernel is the Halide pipeline computing one nn op for exact operand and
// result storages. Each op family keeps its algorithm (what is computed, in
// ONNX indexing) apart from its schedule (how loops are tiled, vectorized and
// parallelized for the target).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_TARGET_HALIDE_KERNELS_H
#define NNCC_LIB_TARGET_HALIDE_KERNELS_H

#include "Storage.h"
#include "nncc/Target/Halide/HalideCodegen.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Operation.h"
#include "mlir/Support/LogicalResult.h"

#include <vector>

namespace nncc {

/// What a kernel is compiled for: an op, the storages of its buffer
/// arguments (operands in order) and of its result.
struct KernelRequest {
  mlir::Operation *op = nullptr;
  std::vector<Storage> inputs;
  Storage output;
  /// Convolution groups this kernel computes (a grouped convolution may be
  /// run as one ungrouped kernel per group on channel views).
  int64_t group = 1;
  /// Set when a 1x1 convolution's activations are given as 2-D
  /// (pixels x channels) views.
  bool pixelsAsRows = false;
  /// The convolution producing the op's input, computed inside this kernel
  /// row by row so its result never reaches memory: MobileNet V2's 1x1
  /// expansion inside the separable convolution reading it, a network's
  /// first convolution inside the max pool after it. The first operands are
  /// then the producer's (input, weight and bias if it has one), in place of
  /// the op's input.
  mlir::Operation *producer = nullptr;
  /// An nn.add reading the op's result, computed in the kernel's epilogue
  /// (a residual connection): the last operand is the add's other operand,
  /// and the output is the add's result.
  mlir::Operation *residualAdd = nullptr;
  Halide::Target target;

  /// Identifies the kernel: equal keys compute the same function.
  std::string key() const;
};

/// A built kernel: its buffer parameters in argument order and the output.
struct Kernel {
  std::vector<Halide::ImageParam> params;
  Halide::Func output;
};

/// Builds and schedules the kernel for `threads` threads and cores that run
/// 512-bit FMAs as `wideFMA` says (CodegenOptions, never Auto), or reports
/// why the op is unsupported.
mlir::FailureOr<Kernel> buildKernel(const KernelRequest &request, int threads,
                                    CodegenOptions::WideFMA wideFMA);

//===----------------------------------------------------------------------===//
// Per-family builders, given logical views of the inputs. Each returns the
// output Func in storage order, scheduled.
//===----------------------------------------------------------------------===//

/// Shared state of a kernel under construction.
struct KernelContext {
  const KernelRequest &request;
  std::vector<Halide::ImageParam> params; // the buffers, as stored
  std::vector<Halide::Func> inputs; // logical views, one per param
  int vectorWidth;                  // f32 lanes of the target
  int threads;                      // parallel tasks per loop
  /// How 512-bit FMAs run (CodegenOptions::wideFMA, never Auto).
  CodegenOptions::WideFMA wideFMA;
};

Halide::Func buildConv(KernelContext &ctx);
Halide::Func buildPool(KernelContext &ctx);
Halide::Func buildElementwise(KernelContext &ctx);
Halide::Func buildDense(KernelContext &ctx);
Halide::Func buildDataMovement(KernelContext &ctx);

/// A producer computed inside its consumer: `read` gives its values over
/// (x, y, c, n); `stored` is the Func the consumer places, whose second
/// argument runs over rows. They differ when the producer packs pixels
/// into vector lanes.
struct Producer {
  Halide::Func stored, read;
};

/// The convolution KernelRequest::producer over the first operands. For a
/// channels-last output its register tiles are scheduled and the caller
/// places it (store_at/compute_at, rows at a time); otherwise it is
/// computed whole, at the root.
Producer buildProducerConv(KernelContext &ctx);

/// `x` after the activation named by a producer's activation attributes.
Halide::Expr applyActivation(Halide::Expr x, llvm::StringRef activation,
                             llvm::ArrayRef<float> params);

/// `value`, the op's result at logical position `args`, after the residual
/// add the kernel computes too (KernelRequest::residualAdd): plus the last
/// operand there, then the add's activation. Without one, `value`.
Halide::Expr addResidual(const KernelContext &ctx, Halide::Expr value,
                         const std::vector<Halide::Expr> &args);

/// True where x is NaN, decided on its bits: LLVM folds even Halide's strict
/// is_nan to false when its operand comes from fast-math arithmetic (a
/// convolution's fused epilogue).
Halide::Expr isNaN(Halide::Expr x);

/// e^x as IEEE 754 says for NaN and infinities too. Halide's exp turns its
/// argument's integer exponent into bits, which for NaN and +-inf is
/// undefined (both NaN and +inf come out as 0).
Halide::Expr ieeeExp(Halide::Expr x);

/// The default schedule for a kernel whose output is element-wise cheap:
/// vectorize the innermost storage dimension, parallelize the outermost.
void scheduleSimple(Halide::Func &out, const std::vector<Halide::Var> &vars,
                    const KernelContext &ctx);

/// Whether a cheap (element-wise or copying) kernel writing `output` is
/// worth splitting over threads: a task must be worth a thread wake-up.
bool worthThreads(const Storage &output);

/// The loops parallelize() leaves: `task`, one per thread, around `part`,
/// which runs the single iterations of the parallelized loop. With no more
/// iterations than threads, both are that loop.
struct ParallelLoops {
  Halide::Var task, part;
};

/// Runs `extent` iterations of `v` as ctx.threads tasks of contiguous
/// iterations. Each thread then works on the same part of the image in
/// every layer, so what one layer writes is in the cache of the core the
/// next layer reads it on; tasks handed out a row at a time make about half
/// the reads cross cores.
ParallelLoops parallelize(Halide::Func &out, const Halide::Var &v,
                          int64_t extent, const KernelContext &ctx);

/// Rows of a buffer that a sliding window of `windowRows` rows cycles
/// through (fold_storage): a power of two, so the cycling is a mask.
int foldedRows(int64_t windowRows);

/// The static shape of a tensor value.
inline llvm::ArrayRef<int64_t> shapeOf(mlir::Value v) {
  return v.getType().cast<mlir::ShapedType>().getShape();
}

/// The output of a kernel whose every element is `value` at logical
/// position `vars`: rearranged into the output's storage order and given the
/// simple schedule.
Halide::Func simpleKernel(const std::string &name,
                          const std::vector<Halide::Var> &vars,
                          const Halide::Expr &value, const KernelContext &ctx);

/// The largest vector width <= `natural` that `extent` can use well.
int pickVectorWidth(int64_t extent, int natural);

/// Output columns a matrix-product register tile accumulates at once, for a
/// product with `columns` of them on a target of `vectorWidth` f32 lanes.
/// The planner blocks constant Gemm weights by this many columns.
int64_t productTileColumns(int64_t columns, int vectorWidth);

/// Output channels per block in which a convolution's kernel reads its
/// constant weights (one register tile's; for a separable convolution, its
/// 1x1 weights), or 0 when it reads them as they are: a channels-first
/// output, a 1x1 convolution over pixel rows, or one block of exactly the
/// output channels. The planner stores the weights in such blocks, each a
/// (weights per channel x block) matrix, the last padded with zeros.
int64_t weightBlock(const KernelRequest &request, int threads,
                    CodegenOptions::WideFMA wideFMA);

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_KERNELS_H
