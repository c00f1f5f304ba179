//===- FuseDepthwisePointwise.cpp - nn-fuse-depthwise-pointwise --------===//
//
// MobileNet's building block is a depthwise conv whose result is read once,
// by a 1x1 conv. Storing that intermediate at full size and reading it back
// is most of the block's memory traffic; as one nn.separable_conv2d, code
// generation can keep it in a tile-sized buffer instead.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace nncc::nn;

namespace {

/// `bias`, or a zero constant of `channels` elements when the conv has none.
static Value biasOrZeros(PatternRewriter &rewriter, Location loc, Value bias,
                         int64_t channels) {
  if (bias)
    return bias;
  auto type = RankedTensorType::get({channels}, rewriter.getF32Type());
  return rewriter.create<ConstantOp>(
      loc, DenseElementsAttr::get(type, rewriter.getF32FloatAttr(0)));
}

/// conv2d_1x1(conv2d_depthwise(x)) -> separable_conv2d(x).
struct FuseIntoSeparable : OpRewritePattern<Conv2DOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(Conv2DOp pointwise,
                                PatternRewriter &rewriter) const override {
    if (!pointwise.isPointwise())
      return rewriter.notifyMatchFailure(pointwise, "not a 1x1 conv");
    auto depthwise = pointwise.input().getDefiningOp<Conv2DOp>();
    if (!depthwise || !depthwise.isDepthwise())
      return rewriter.notifyMatchFailure(pointwise,
                                         "input is not a depthwise conv");
    // A channel multiplier > 1 would need a depthwise weight per output.
    auto dwShape = depthwise.weight().getType().cast<ShapedType>().getShape();
    if (dwShape[0] != static_cast<int64_t>(depthwise.group()))
      return rewriter.notifyMatchFailure(pointwise,
                                         "depthwise multiplier is not 1");
    if (!depthwise->hasOneUse())
      return rewriter.notifyMatchFailure(pointwise,
                                         "depthwise result has other users");

    Location loc =
        rewriter.getFusedLoc({depthwise.getLoc(), pointwise.getLoc()});
    int64_t channels = dwShape[0];
    int64_t outChannels =
        pointwise.weight().getType().cast<ShapedType>().getDimSize(0);
    Value dwBias =
        biasOrZeros(rewriter, depthwise.getLoc(), depthwise.bias(), channels);
    Value pwBias = biasOrZeros(rewriter, pointwise.getLoc(), pointwise.bias(),
                               outChannels);
    // Default-valued attributes may be absent: copy only those present.
    NamedAttrList attrs;
    for (StringRef name : {"strides", "pads", "dilations"})
      if (Attribute attr = depthwise->getAttr(name))
        attrs.set(name, attr);
    if (Attribute attr = depthwise->getAttr("activation"))
      attrs.set("depthwise_activation", attr);
    if (Attribute attr = depthwise->getAttr("activation_params"))
      attrs.set("depthwise_activation_params", attr);
    for (StringRef name : {"activation", "activation_params"})
      if (Attribute attr = pointwise->getAttr(name))
        attrs.set(name, attr);
    auto separable = rewriter.create<SeparableConv2DOp>(
        loc, TypeRange{pointwise.getType()},
        ValueRange{depthwise.input(), depthwise.weight(), dwBias,
                   pointwise.weight(), pwBias},
        attrs.getAttrs());
    rewriter.replaceOp(pointwise, separable.getResult());
    rewriter.eraseOp(depthwise);
    return success();
  }
};

struct FuseDepthwisePointwisePass
    : NNFuseDepthwisePointwiseBase<FuseDepthwisePointwisePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FuseIntoSeparable>(&getContext());
    // Every pattern preserves semantics; not converging means two patterns
    // undo each other, which is our bug: say so rather than fail silently.
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns)))) {
      getOperation().emitError("nn-fuse-depthwise-pointwise did not converge");
      signalPassFailure();
    }
  }
};

} // namespace

std::unique_ptr<OperationPass<FuncOp>>
nncc::nn::createFuseDepthwisePointwisePass() {
  return std::make_unique<FuseDepthwisePointwisePass>();
}
