//===- LowerChannelShuffle.cpp - nn-lower-channel-shuffle --------------===//
//
// A channel shuffle only renames channels. When the op producing its input
// can write each channel where the shuffle would put it, the shuffle costs
// nothing: grouped convolutions (ShuffleNet V1) get `shuffle_output`, and
// concats of equal parts (ShuffleNet V2) get `interleave`.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace nncc::nn;

namespace {

/// channel_shuffle(conv2d {group = g}) -> conv2d {group = g, shuffle_output}.
struct ShuffleGroupedConv : OpRewritePattern<ChannelShuffleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ChannelShuffleOp shuffle,
                                PatternRewriter &rewriter) const override {
    auto conv = shuffle.input().getDefiningOp<Conv2DOp>();
    if (!conv)
      return rewriter.notifyMatchFailure(shuffle, "input is not a conv2d");
    if (!conv.output().hasOneUse())
      return rewriter.notifyMatchFailure(shuffle, "conv2d has other users");
    if (conv.shuffle_output() || conv.group() != shuffle.groups())
      return rewriter.notifyMatchFailure(shuffle, "groups differ");
    rewriter.updateRootInPlace(conv, [&] {
      conv->setAttr("shuffle_output", rewriter.getBoolAttr(true));
      conv->setLoc(rewriter.getFusedLoc({conv.getLoc(), shuffle.getLoc()}));
    });
    rewriter.replaceOp(shuffle, conv.output());
    return success();
  }
};

/// channel_shuffle(concat(x_0 .. x_{g-1}) along channels), equal parts ->
/// concat {interleave}.
struct ShuffleConcat : OpRewritePattern<ChannelShuffleOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ChannelShuffleOp shuffle,
                                PatternRewriter &rewriter) const override {
    auto concat = shuffle.input().getDefiningOp<ConcatOp>();
    if (!concat || concat.axis() != 1 || concat.interleave())
      return rewriter.notifyMatchFailure(shuffle, "not a channel concat");
    if (!concat.output().hasOneUse())
      return rewriter.notifyMatchFailure(shuffle, "concat has other users");
    auto parts = concat.inputs();
    if (static_cast<int64_t>(parts.size()) !=
        static_cast<int64_t>(shuffle.groups()))
      return rewriter.notifyMatchFailure(shuffle, "parts differ from groups");
    auto channels = [](Value v) {
      return v.getType().cast<ShapedType>().getShape()[1];
    };
    for (Value part : parts)
      if (channels(part) != channels(parts[0]))
        return rewriter.notifyMatchFailure(shuffle, "parts differ in size");
    rewriter.updateRootInPlace(concat, [&] {
      concat->setAttr("interleave", rewriter.getBoolAttr(true));
      concat->setLoc(rewriter.getFusedLoc({concat.getLoc(), shuffle.getLoc()}));
    });
    rewriter.replaceOp(shuffle, concat.output());
    return success();
  }
};

struct LowerChannelShufflePass
    : NNLowerChannelShuffleBase<LowerChannelShufflePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<ShuffleGroupedConv, ShuffleConcat>(&getContext());
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns)))) {
      getOperation().emitError("nn-lower-channel-shuffle did not converge");
      signalPassFailure();
    }
  }
};

} // namespace

std::unique_ptr<OperationPass<FuncOp>> nncc::nn::createLowerChannelShufflePass() {
  return std::make_unique<LowerChannelShufflePass>();
}
