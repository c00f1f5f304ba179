//===- FoldBatchNorm.cpp - nn-fold-batch-norm --------------------------===//
//
// Inference batch norm is an affine map per channel. After a convolution it
// disappears into the convolution's weights and bias; elsewhere it becomes
// one multiply and one add by constants, which later passes and code
// generation handle like any other element-wise op.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cmath>

using namespace mlir;
using namespace nncc::nn;

namespace {

/// The per-channel affine map y = x * mul[c] + add[c] of a batch norm, in
/// double precision.
struct ChannelAffine {
  SmallVector<double, 16> mul, add;
};

/// The f32 values of a constant operand, or failure when it is not a dense
/// constant.
static FailureOr<SmallVector<double, 16>> constantValues(Value v) {
  DenseElementsAttr attr;
  if (!matchPattern(v, m_Constant(&attr)))
    return failure();
  SmallVector<double, 16> values;
  for (float f : attr.getValues<float>())
    values.push_back(f);
  return values;
}

/// Reads the batch norm's constant parameters into its affine map.
static FailureOr<ChannelAffine> getAffine(BatchNormOp bn) {
  auto scale = constantValues(bn.scale()), bias = constantValues(bn.bias()),
       mean = constantValues(bn.mean()), var = constantValues(bn.var());
  if (failed(scale) || failed(bias) || failed(mean) || failed(var))
    return failure();
  double epsilon = bn.epsilon().convertToDouble();
  ChannelAffine affine;
  for (size_t c = 0, e = scale->size(); c < e; ++c) {
    // A non-positive variance is the model's bug; leave it to run as written
    // rather than bake NaNs into the weights.
    if (!((*var)[c] + epsilon > 0))
      return failure();
    double s = (*scale)[c] / std::sqrt((*var)[c] + epsilon);
    affine.mul.push_back(s);
    affine.add.push_back((*bias)[c] - (*mean)[c] * s);
  }
  return affine;
}

static Value createConstant(PatternRewriter &rewriter, Location loc,
                            ArrayRef<int64_t> shape, ArrayRef<float> values) {
  auto type = RankedTensorType::get(shape, rewriter.getF32Type());
  return rewriter.create<ConstantOp>(loc, DenseElementsAttr::get(type, values));
}

/// batch_norm(conv2d(x, W, b)) -> conv2d(x, W * s, (b - mean) * s + shift).
struct FoldIntoConv : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto conv = bn.input().getDefiningOp<Conv2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(bn, "input is not a conv2d");
    if (!conv->hasOneUse())
      return rewriter.notifyMatchFailure(bn, "conv2d has other users");
    if (conv.activation() != "none")
      return rewriter.notifyMatchFailure(bn, "conv2d has a fused activation");
    auto weight = constantValues(conv.weight());
    if (failed(weight))
      return rewriter.notifyMatchFailure(bn, "conv2d weight is not constant");
    SmallVector<double, 16> bias;
    if (conv.bias()) {
      auto values = constantValues(conv.bias());
      if (failed(values))
        return rewriter.notifyMatchFailure(bn, "conv2d bias is not constant");
      bias = std::move(*values);
    }
    auto affine = getAffine(bn);
    if (failed(affine))
      return rewriter.notifyMatchFailure(bn, "parameters are not constant");

    ArrayRef<int64_t> wShape =
        conv.weight().getType().cast<ShapedType>().getShape();
    int64_t outChannels = wShape[0];
    size_t rowSize = weight->size() / outChannels;
    SmallVector<float, 16> newWeight(weight->size()), newBias(outChannels);
    for (int64_t o = 0; o < outChannels; ++o) {
      for (size_t i = 0; i < rowSize; ++i)
        newWeight[o * rowSize + i] =
            (*weight)[o * rowSize + i] * affine->mul[o];
      double b = bias.empty() ? 0.0 : bias[o];
      newBias[o] = b * affine->mul[o] + affine->add[o];
    }

    Location loc = rewriter.getFusedLoc({conv.getLoc(), bn.getLoc()});
    Value w = createConstant(rewriter, loc, wShape, newWeight);
    Value b = createConstant(rewriter, loc, {outChannels}, newBias);
    auto fused = rewriter.create<Conv2DOp>(loc, TypeRange{bn.getType()},
                                           ValueRange{conv.input(), w, b},
                                           conv->getAttrs());
    rewriter.replaceOp(bn, fused.getResult());
    rewriter.eraseOp(conv);
    return success();
  }
};

/// Any other batch_norm with constant parameters -> x * s + shift.
struct ScaleAndShift : OpRewritePattern<BatchNormOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(BatchNormOp bn,
                                PatternRewriter &rewriter) const override {
    auto affine = getAffine(bn);
    if (failed(affine))
      return rewriter.notifyMatchFailure(bn, "parameters are not constant");
    auto type = bn.getType().cast<ShapedType>();
    // [1, C, 1, ...]: broadcasts over every dimension but the channels.
    SmallVector<int64_t, 4> shape(type.getRank(), 1);
    shape[1] = type.getDimSize(1);
    SmallVector<float, 16> mul(affine->mul.begin(), affine->mul.end()),
        add(affine->add.begin(), affine->add.end());
    Location loc = bn.getLoc();
    Value scale = createConstant(rewriter, loc, shape, mul);
    Value shift = createConstant(rewriter, loc, shape, add);
    Value scaled = rewriter.create<MulOp>(loc, type, bn.input(), scale);
    rewriter.replaceOpWithNewOp<AddOp>(bn, type, scaled, shift);
    return success();
  }
};

struct FoldBatchNormPass : NNFoldBatchNormBase<FoldBatchNormPass> {
  void runOnOperation() override {
    // Fold into convs first, to a fixed point, so that in a chain of batch
    // norms the later ones still see the conv the earlier ones folded into.
    RewritePatternSet intoConv(&getContext());
    intoConv.add<FoldIntoConv>(&getContext());
    RewritePatternSet rest(&getContext());
    rest.add<ScaleAndShift>(&getContext());
    // Every pattern preserves semantics; not converging means two patterns
    // undo each other, which is our bug: say so rather than fail silently.
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(intoConv))) ||
        failed(applyPatternsAndFoldGreedily(getOperation(), std::move(rest)))) {
      getOperation().emitError("nn-fold-batch-norm did not converge");
      signalPassFailure();
    }
  }
};

} // namespace

std::unique_ptr<OperationPass<FuncOp>> nncc::nn::createFoldBatchNormPass() {
  return std::make_unique<FoldBatchNormPass>();
}
