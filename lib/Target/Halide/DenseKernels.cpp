//===- DenseKernels.cpp - Gemm, MatMul and Softmax kernels --------------===//
//
// The classifier end of a network: fully connected layers (usually one row
// times a weight matrix) and softmax.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include <algorithm>
#include <limits>

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace nncc;
using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::Var;

/// Output vectors a matrix-product tile accumulates at once.
static constexpr int64_t kProductVectors = 8;

// A tile holds up to eight vectors so that many independent accumulators
// hide the FMA latency: with batch 1 a tile of one vector is one serial chain
// of FMAs.
int64_t nncc::productTileColumns(int64_t columns, int vectorWidth) {
  int width = pickVectorWidth(columns, vectorWidth);
  return width * std::clamp<int64_t>(columns / width, 1, kProductVectors);
}

/// Vectorizes a matrix-like output over its innermost storage dimension with
/// the reduction inside, and runs output tiles (productTileColumns) in
/// parallel. With `blocked` weights, `inner` runs within a block and a tile
/// is one block, the last one guarded where it passes the output's end.
static void scheduleProduct(Func &out, Func &acc,
                            const std::vector<Var> &outVars, Var inner,
                            Halide::RVar r, bool blocked,
                            const KernelContext &ctx) {
  const Storage &storage = ctx.request.output;
  int64_t extent = storage.dims[0].extent;
  int width = pickVectorWidth(extent, ctx.vectorWidth);
  int64_t columns = productTileColumns(extent, ctx.vectorWidth);
  Var io("io"), ii("ii"), vo("vo"), vi("vi");
  out.split(outVars[0], io, ii, static_cast<int>(columns),
            blocked ? Halide::TailStrategy::GuardWithIf
                    : Halide::TailStrategy::ShiftInwards)
      .vectorize(ii, width);
  if (!blocked)
    out.unroll(ii);
  Var tile = io;
  if (extent >= 2 * columns)
    tile = parallelize(out, io, (extent + columns - 1) / columns, ctx).part;
  acc.compute_at(out, tile).vectorize(inner, width).unroll(inner);
  acc.update()
      .split(inner, vo, vi, width)
      .reorder(vi, vo, r)
      .vectorize(vi)
      .unroll(vo);
}

static Func buildGemm(KernelContext &ctx, nn::GemmOp op) {
  auto a = shapeOf(op.a());
  int64_t k = op.transA() ? a[0] : a[1];
  Var n("n"), m("m");
  RDom r(0, static_cast<int>(k), "k");
  Func A = ctx.inputs[0], B = ctx.inputs[1];
  // Logical 2-D Funcs index (column, row); blocked weights (the planner's
  // blockedProductWeight) are (column in block, row, block).
  Expr aElem = op.transA() ? A(m, r) : A(r, m);
  const Storage &weights = ctx.request.inputs[1];
  bool blocked = weights.rank() == 3;
  Func acc("acc");
  Var j("j"), t("t");
  Expr y;
  if (blocked) {
    int block = static_cast<int>(weights.dims[0].extent);
    acc(j, t, m) = 0.0f;
    acc(j, t, m) += aElem * B(j, r, t);
    y = acc(n % block, n / block, m);
  } else {
    acc(n, m) = 0.0f;
    acc(n, m) += aElem * (op.transB() ? B(r, n) : B(n, r));
    y = acc(n, m);
  }
  y *= op.alpha().convertToFloat();
  if (op.c()) {
    auto cShape = shapeOf(op.c());
    std::vector<Expr> args;
    // C broadcasts to M x N (right-aligned).
    if (cShape.size() >= 1)
      args.push_back(cShape.back() == 1 ? Expr(0) : Expr(n));
    if (cShape.size() == 2)
      args.push_back(cShape[0] == 1 ? Expr(0) : Expr(m));
    y += op.beta().convertToFloat() * ctx.inputs[2](args);
  }
  Func gemm("gemm");
  gemm(n, m) = applyActivation(y, op.activation(),
                               nn::toFloats(op.activation_params()));
  std::vector<Var> vars;
  Func out = storageView(gemm, ctx.request.output, vars);
  if (ctx.request.output.order == rowMajorOrder(2))
    scheduleProduct(out, acc, vars, blocked ? j : n, r.x, blocked, ctx);
  else
    scheduleSimple(out, vars, ctx);
  return out;
}

static Func buildMatMul(KernelContext &ctx, nn::MatMulOp op) {
  auto a = shapeOf(op.a()), b = shapeOf(op.b());
  unsigned rank = shapeOf(op.output()).size();
  std::vector<Var> vars(rank);
  RDom r(0, static_cast<int>(a.back()), "k");
  // Batch dimensions broadcast: an operand's size-1 dims read index 0.
  auto args = [&](llvm::ArrayRef<int64_t> shape, Expr col, Expr row) {
    std::vector<Expr> e = {col, row};
    for (unsigned k = 2; k < shape.size(); ++k)
      e.push_back(shape[shape.size() - 1 - k] == 1 ? Expr(0) : Expr(vars[k]));
    return e;
  };
  Func acc("acc");
  acc(vars) = 0.0f;
  acc(vars) += ctx.inputs[0](args(a, r, vars[1])) *
               ctx.inputs[1](args(b, vars[0], r));
  Func matmul("matmul");
  matmul(vars) = acc(vars);
  std::vector<Var> storageVars;
  Func out = storageView(matmul, ctx.request.output, storageVars);
  // Rounding up would read B past its last column: the update guards its
  // tail instead (shifting inwards would add twice).
  int width = pickVectorWidth(shapeOf(op.output()).back(), ctx.vectorWidth);
  acc.compute_root().vectorize(vars[0], width,
                               Halide::TailStrategy::ShiftInwards);
  acc.update().reorder(vars[0], r.x).vectorize(
      vars[0], width, Halide::TailStrategy::GuardWithIf);
  scheduleSimple(out, storageVars, ctx);
  return out;
}

static Func buildSoftmax(KernelContext &ctx, nn::SoftmaxOp op) {
  auto shape = shapeOf(op.input());
  unsigned rank = shape.size();
  unsigned axisArg = rank - 1 - op.axis();
  std::vector<Var> vars(rank);
  RDom r(0, static_cast<int>(shape[op.axis()]), "r");
  std::vector<Expr> reduced(vars.begin(), vars.end()), along = reduced;
  reduced[axisArg] = 0;
  along[axisArg] = r;
  Func in = ctx.inputs[0];
  Func maximum("maximum"), sum("sum"), e("e"), nans("nans");
  maximum(vars) = Halide::maximum(in(along));
  nans(vars) = Halide::sum(Halide::select(isNaN(in(along)), 1, 0));
  e(vars) = ieeeExp(in(vars) - maximum(reduced));
  sum(vars) = Halide::sum(e(along));
  // IEEE arithmetic (and ONNX Runtime's naive formula) make a whole row NaN
  // when it holds a NaN, or an infinity as its maximum (inf - inf). Fast-math
  // max drops NaNs, so a NaN count and a strict is_inf decide.
  Expr poisoned = nans(reduced) > 0 || Halide::is_inf(maximum(reduced));
  Func softmax("softmax");
  softmax(vars) =
      Halide::select(poisoned, std::numeric_limits<float>::quiet_NaN(),
                     e(vars) / sum(reduced));
  nans.compute_root();
  maximum.compute_root();
  e.compute_root().vectorize(vars[0], pickVectorWidth(shape.back(),
                                                      ctx.vectorWidth),
                              Halide::TailStrategy::ShiftInwards);
  sum.compute_root();
  std::vector<Var> storageVars;
  Func out = storageView(softmax, ctx.request.output, storageVars);
  scheduleSimple(out, storageVars, ctx);
  return out;
}

Func nncc::buildDense(KernelContext &ctx) {
  mlir::Operation *op = ctx.request.op;
  if (auto gemm = llvm::dyn_cast<nn::GemmOp>(op))
    return buildGemm(ctx, gemm);
  if (auto matmul = llvm::dyn_cast<nn::MatMulOp>(op))
    return buildMatMul(ctx, matmul);
  return buildSoftmax(ctx, llvm::cast<nn::SoftmaxOp>(op));
}
