//===- DataMovementKernels.cpp - kernels that only move data ------------===//
//
// Transposes, channel shuffles and the reshapes and slices that the buffer
// plan could not turn into views, and copies into concat parts. They move
// data, so the planner avoids them where it can.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace nncc;
using Halide::Expr;
using Halide::Func;
using Halide::Var;

/// Row-major reshape: the flat index of the output position, unflattened
/// into the input's shape.
static Expr reshapeRead(const Func &in, llvm::ArrayRef<int64_t> inShape,
                        llvm::ArrayRef<int64_t> outShape,
                        const std::vector<Var> &vars) {
  unsigned outRank = outShape.size(), inRank = inShape.size();
  Expr flat = 0;
  for (unsigned d = 0; d < outRank; ++d)
    flat = flat * static_cast<int>(outShape[d]) + vars[outRank - 1 - d];
  std::vector<Expr> args(inRank);
  for (unsigned k = 0; k < inRank; ++k) {
    int size = static_cast<int>(inShape[inRank - 1 - k]);
    args[k] = flat % size;
    flat = flat / size;
  }
  return in(args);
}

/// A copy of a channels-innermost tensor into an NCHW graph output, row by
/// row: one input row stays in L1 while each channel's output row is written
/// from it. Channel by channel over the whole image instead, every channel
/// re-read the input from L3 (a 112x112x24 copy: 0.208 against 0.057 ms).
static Func transposedCopy(KernelContext &ctx) {
  std::vector<Var> vars(4);
  Func logical("move");
  logical(vars) = ctx.inputs[0](vars);
  std::vector<Var> storageVars;
  Func out = storageView(logical, ctx.request.output, storageVars);
  const Storage &storage = ctx.request.output;
  Var x = storageVars[0], y = storageVars[1], c = storageVars[2],
      n = storageVars[3];
  out.reorder(x, c, y, n);
  int width = pickVectorWidth(storage.dims[0].extent, ctx.vectorWidth);
  if (width > 1)
    out.vectorize(x, width, Halide::TailStrategy::ShiftInwards);
  if (worthThreads(storage))
    parallelize(out, y, storage.dims[1].extent, ctx);
  return out;
}

Func nncc::buildDataMovement(KernelContext &ctx) {
  mlir::Operation *op = ctx.request.op;
  mlir::Value result = op ? op->getResult(0) : mlir::Value();
  unsigned rank = ctx.request.output.rank();
  std::vector<Var> vars(rank);
  Func in = ctx.inputs[0];
  Expr value;
  if (!op) {
    // A copy into a graph output.
    if (rank == 4 && ctx.request.inputs[0].order == channelsLastOrder() &&
        ctx.request.output.order == rowMajorOrder(4))
      return transposedCopy(ctx);
    value = in(vars);
  } else if (auto transpose = llvm::dyn_cast<nn::TransposeOp>(op)) {
    // Output dim i is input dim perm[i].
    auto perm = nn::toI64s(transpose.perm());
    std::vector<Expr> args(rank);
    for (unsigned i = 0; i < rank; ++i)
      args[rank - 1 - perm[i]] = vars[rank - 1 - i];
    value = in(args);
  } else if (auto shuffle = llvm::dyn_cast<nn::ChannelShuffleOp>(op)) {
    int groups = static_cast<int>(shuffle.groups());
    int perGroup = static_cast<int>(shapeOf(result)[1]) / groups;
    Var w = vars[0], h = vars[1], c = vars[2], n = vars[3];
    value = in(w, h, (c % groups) * perGroup + c / groups, n);
  } else if (auto slice = llvm::dyn_cast<nn::SliceOp>(op)) {
    auto starts = nn::toI64s(slice.starts()), steps = nn::toI64s(slice.steps());
    std::vector<Expr> args(rank);
    for (unsigned k = 0; k < rank; ++k)
      args[k] = vars[k] * static_cast<int>(steps[rank - 1 - k]) +
                static_cast<int>(starts[rank - 1 - k]);
    value = in(args);
  } else {
    // nn.reshape and nn.flatten.
    value = reshapeRead(in, shapeOf(op->getOperand(0)), shapeOf(result),
                        vars);
  }
  return simpleKernel("move", vars, value, ctx);
}
