//===- FuseActivation.cpp - nn-fuse-activation -------------------------===//
//
// An activation applied right after a convolution, matrix product or
// element-wise binary op (a residual add) costs a full extra pass over
// memory; as the producer's epilogue it is free. The
// producer's `activation` and `activation_params` attributes carry it.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace nncc::nn;

namespace {

/// The producers with an activation epilogue.
static bool hasEpilogue(Operation *op) {
  return isa<Conv2DOp, GemmOp, SeparableConv2DOp, AddOp, SubOp, MulOp, DivOp>(
      op);
}

/// The activation name and parameters an activation op becomes.
static std::pair<StringRef, SmallVector<float, 2>> describe(ReluOp) {
  return {"relu", {}};
}
static std::pair<StringRef, SmallVector<float, 2>> describe(ClipOp op) {
  return {"clip", {op.min().convertToFloat(), op.max().convertToFloat()}};
}
static std::pair<StringRef, SmallVector<float, 2>> describe(HardSwishOp) {
  return {"hard_swish", {}};
}
static std::pair<StringRef, SmallVector<float, 2>> describe(HardSigmoidOp op) {
  return {"hard_sigmoid",
          {op.alpha().convertToFloat(), op.beta().convertToFloat()}};
}

/// activation(producer(...)) -> producer(...) {activation = ...}.
template <typename ActivationOp>
struct FuseIntoProducer : OpRewritePattern<ActivationOp> {
  using OpRewritePattern<ActivationOp>::OpRewritePattern;

  LogicalResult matchAndRewrite(ActivationOp act,
                                PatternRewriter &rewriter) const override {
    Operation *producer = act.input().getDefiningOp();
    if (!producer || !hasEpilogue(producer))
      return rewriter.notifyMatchFailure(act, "input has no epilogue");
    if (!producer->hasOneUse())
      return rewriter.notifyMatchFailure(act, "producer has other users");
    auto current = producer->getAttrOfType<StringAttr>("activation");
    if (current && current.getValue() != "none")
      return rewriter.notifyMatchFailure(act, "producer has an activation");

    // Not a structured binding: clang 14 cannot capture one in the lambda.
    auto described = describe(act);
    auto &name = described.first;
    auto &params = described.second;
    Location loc = rewriter.getFusedLoc({producer->getLoc(), act.getLoc()});
    rewriter.updateRootInPlace(producer, [&] {
      producer->setAttr("activation", rewriter.getStringAttr(name));
      // Parameterless activations leave the default (empty) list implicit.
      if (params.empty())
        producer->removeAttr("activation_params");
      else
        producer->setAttr("activation_params",
                          rewriter.getF32ArrayAttr(params));
      producer->setLoc(loc);
    });
    rewriter.replaceOp(act, producer->getResults());
    return success();
  }
};

/// x * hard_sigmoid(x) with PyTorch's alpha = 1/6, beta = 1/2 ->
/// hard_swish(x), in either operand order.
struct RecognizeHardSwish : OpRewritePattern<MulOp> {
  RecognizeHardSwish(MLIRContext *ctx) : OpRewritePattern(ctx, /*benefit=*/2) {}

  LogicalResult matchAndRewrite(MulOp mul,
                                PatternRewriter &rewriter) const override {
    for (auto [x, gate] : {std::make_pair(mul.lhs(), mul.rhs()),
                           std::make_pair(mul.rhs(), mul.lhs())}) {
      auto sigmoid = gate.getDefiningOp<HardSigmoidOp>();
      if (!sigmoid || sigmoid.input() != x || x.getType() != mul.getType())
        continue;
      if (std::abs(sigmoid.alpha().convertToDouble() - 1.0 / 6) > 1e-6 ||
          std::abs(sigmoid.beta().convertToDouble() - 0.5) > 1e-6)
        return rewriter.notifyMatchFailure(mul, "hard_sigmoid is not 1/6, 1/2");
      Location loc = rewriter.getFusedLoc({sigmoid.getLoc(), mul.getLoc()});
      auto swish = rewriter.create<HardSwishOp>(loc, x);
      rewriter.replaceOp(mul, swish.getResult());
      return success();
    }
    return rewriter.notifyMatchFailure(mul, "not x * hard_sigmoid(x)");
  }
};

struct FuseActivationPass : NNFuseActivationBase<FuseActivationPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RecognizeHardSwish, FuseIntoProducer<ReluOp>,
                 FuseIntoProducer<ClipOp>, FuseIntoProducer<HardSwishOp>,
                 FuseIntoProducer<HardSigmoidOp>>(&getContext());
    // Every pattern preserves semantics; not converging means two patterns
    // undo each other, which is our bug: say so rather than fail silently.
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns)))) {
      getOperation().emitError("nn-fuse-activation did not converge");
      signalPassFailure();
    }
  }
};

} // namespace

std::unique_ptr<OperationPass<FuncOp>> nncc::nn::createFuseActivationPass() {
  return std::make_unique<FuseActivationPass>();
}
