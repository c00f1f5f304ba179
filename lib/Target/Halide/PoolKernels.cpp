//===- PoolKernels.cpp - pooling kernels --------------------------------===//
//
// Max and average pooling write their small windows out as expressions;
// global average pooling reduces over the whole plane. Channels stay
// innermost and vectorized.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

using namespace nncc;
using Halide::Expr;
using Halide::Func;
using Halide::RDom;
using Halide::Var;

/// Schedules a pooling output: channel vectors innermost, rows in parallel.
/// A `producer` (the convolution computing the input, or an undefined Func)
/// is computed as the rows advance: each thread's band of output rows keeps
/// the producer's rows in a buffer of `windowRows` rounded up to a power of
/// two, which its windows cycle through, computing only the rows each output
/// row adds (a sliding window).
static void schedulePool(Func &out, const std::vector<Var> &vars, Func producer,
                         int64_t windowRows, const KernelContext &ctx) {
  const Storage &storage = ctx.request.output;
  if (storage.order != channelsLastOrder()) {
    scheduleSimple(out, vars, ctx);
    return;
  }
  int width = pickVectorWidth(storage.dims[0].extent, ctx.vectorWidth);
  if (width > 1)
    out.vectorize(vars[0], width, Halide::TailStrategy::ShiftInwards);
  int64_t rows = storage.dims[2].extent;
  if (!producer.defined()) {
    if (rows >= 4)
      parallelize(out, vars[2], rows, ctx);
    return;
  }
  ParallelLoops bands = parallelize(out, vars[2], rows, ctx);
  producer.store_at(out, bands.task)
      .compute_at(out, bands.part)
      .fold_storage(producer.args()[1], foldedRows(windowRows));
}

template <typename PoolOp>
static Func buildWindowPool(KernelContext &ctx, PoolOp op, bool isMax) {
  auto in = op.input().getType().template cast<mlir::ShapedType>().getShape();
  int64_t h = in[2], w = in[3];
  auto k = nn::toI64s(op.kernel_shape()), s = nn::toI64s(op.strides()),
       p = nn::toI64s(op.pads());
  llvm::SmallVector<int64_t, 2> d = {1, 1};
  bool countPad = false;
  if constexpr (std::is_same_v<PoolOp, nn::MaxPool2DOp>)
    d = nn::toI64s(op.dilations());
  else
    countPad = op.count_include_pad();
  // A convolution producing the input (KernelRequest::producer) is computed
  // here, rows at a time: its result never reaches memory.
  Producer producer{Func(), ctx.inputs[0]};
  if (ctx.request.producer)
    producer = buildProducerConv(ctx);
  Func input = producer.read;
  Var x("x"), y("y"), c("c"), n("n");

  // Algorithm: positions outside the input never win a max and, unless the
  // padding counts, are not part of an average's divisor.
  Expr acc = isMax ? Expr(-std::numeric_limits<float>::infinity())
                   : Expr(0.0f);
  Expr count = 0;
  // One window tap: its value, whether it lies inside the input, and whether
  // it counts toward an average's divisor.
  auto tap = [&](Expr kx, Expr ky) {
    Expr ix = x * static_cast<int>(s[1]) + kx * static_cast<int>(d[1]) -
              static_cast<int>(p[1]);
    Expr iy = y * static_cast<int>(s[0]) + ky * static_cast<int>(d[0]) -
              static_cast<int>(p[0]);
    Expr inside = ix >= 0 && ix < static_cast<int>(w) && iy >= 0 &&
                  iy < static_cast<int>(h);
    Expr v = input(Halide::clamp(ix, 0, static_cast<int>(w - 1)),
                   Halide::clamp(iy, 0, static_cast<int>(h - 1)), c, n);
    // With count_include_pad the divisor counts padding but not the part of
    // a ceil-mode window beyond it.
    Expr counted = countPad ? Expr(ix < static_cast<int>(w + p[3]) &&
                                   iy < static_cast<int>(h + p[2]))
                            : inside;
    return std::make_tuple(v, inside, counted);
  };
  // Small windows are written out; large ones (which would make Halide's
  // compile time explode) become inline reductions.
  constexpr int64_t kMaxUnrolledTaps = 64;
  if (k[0] * k[1] > kMaxUnrolledTaps) {
    RDom r(0, static_cast<int>(k[1]), 0, static_cast<int>(k[0]), "win");
    auto [v, inside, counted] = tap(r.x, r.y);
    if (isMax) {
      acc = Halide::maximum(Halide::select(inside, v, acc));
    } else {
      acc = Halide::sum(Halide::select(inside, v, 0.0f));
      count = Halide::sum(Halide::select(counted, 1, 0));
    }
  } else {
    for (int ky = 0; ky < k[0]; ++ky)
      for (int kx = 0; kx < k[1]; ++kx) {
        auto [v, inside, counted] = tap(kx, ky);
        if (isMax) {
          acc = Halide::select(inside, Halide::max(acc, v), acc);
        } else {
          acc += Halide::select(inside, v, 0.0f);
          count += Halide::select(counted, 1, 0);
        }
      }
  }
  Func pool(isMax ? "max_pool" : "avg_pool");
  pool(x, y, c, n) =
      isMax ? acc : acc / Halide::cast<float>(Halide::max(count, 1));
  std::vector<Var> vars;
  Func out = storageView(pool, ctx.request.output, vars);
  schedulePool(out, vars, producer.stored, (k[0] - 1) * d[0] + 1, ctx);
  return out;
}

static Func buildGlobalAvgPool(KernelContext &ctx, nn::GlobalAvgPoolOp op) {
  auto in = op.input().getType().cast<mlir::ShapedType>().getShape();
  int64_t h = in[2], w = in[3];
  Func input = ctx.inputs[0];
  Var x("x"), y("y"), c("c"), n("n");
  RDom r(0, static_cast<int>(w), 0, static_cast<int>(h), "r");

  Func sum("sum");
  sum(c, n) = 0.0f;
  sum(c, n) += input(r.x, r.y, c, n);
  Func pool("global_avg_pool");
  pool(x, y, c, n) = sum(c, n) * (1.0f / static_cast<float>(h * w));
  std::vector<Var> vars;
  Func out = storageView(pool, ctx.request.output, vars);

  // The input is channels-innermost: accumulate whole channel vectors.
  int width = pickVectorWidth(in[1], ctx.vectorWidth);
  if (width > 1) {
    // Rounding up would read channels the input does not have.
    sum.compute_root().vectorize(c, width, Halide::TailStrategy::GuardWithIf);
    sum.update().reorder(c, r.x, r.y, n).vectorize(
        c, width, Halide::TailStrategy::GuardWithIf);
  }
  scheduleSimple(out, vars, ctx);
  return out;
}

Func nncc::buildPool(KernelContext &ctx) {
  mlir::Operation *op = ctx.request.op;
  if (auto max = llvm::dyn_cast<nn::MaxPool2DOp>(op))
    return buildWindowPool(ctx, max, true);
  if (auto avg = llvm::dyn_cast<nn::AvgPool2DOp>(op))
    return buildWindowPool(ctx, avg, false);
  return buildGlobalAvgPool(ctx, llvm::cast<nn::GlobalAvgPoolOp>(op));
}
