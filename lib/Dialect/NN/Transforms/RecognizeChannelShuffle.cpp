//===- RecognizeChannelShuffle.cpp - nn-recognize-channel-shuffle ------===//
//
// ONNX has no channel shuffle: exporters spell it as a reshape that splits
// the channels into groups, a transpose that swaps the group dimensions and
// a reshape back. Seen as one nn.channel_shuffle it can later become a pure
// index remapping instead of three copies.
//
//===----------------------------------------------------------------------===//

#include "PassDetail.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;
using namespace nncc::nn;

namespace {

static ArrayRef<int64_t> shapeOf(Value v) {
  return v.getType().cast<ShapedType>().getShape();
}

/// reshape(transpose(reshape(x))) -> channel_shuffle(x), where x is
/// (N, C, H, W), the first reshape gives (N, g, C/g, H, W) or
/// (N, g, C/g, H*W), the transpose swaps dimensions 1 and 2 and the last
/// reshape restores x's shape.
struct RecognizeShuffle : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(ReshapeOp back,
                                PatternRewriter &rewriter) const override {
    auto transpose = back.input().getDefiningOp<TransposeOp>();
    if (!transpose)
      return rewriter.notifyMatchFailure(back, "input is not a transpose");
    auto split = transpose.input().getDefiningOp<ReshapeOp>();
    if (!split)
      return rewriter.notifyMatchFailure(back, "no reshape before transpose");
    Value x = split.input();
    ArrayRef<int64_t> in = shapeOf(x), grouped = shapeOf(split);
    if (in.size() != 4 || x.getType() != back.getType())
      return rewriter.notifyMatchFailure(back, "not NCHW back to NCHW");

    SmallVector<int64_t, 5> perm = toI64s(transpose.perm());
    int64_t n = in[0], c = in[1], h = in[2], w = in[3];
    bool fiveD = grouped.size() == 5 && grouped[3] == h && grouped[4] == w &&
                 perm == SmallVector<int64_t, 5>{0, 2, 1, 3, 4};
    bool fourD = grouped.size() == 4 && grouped[3] == h * w &&
                 perm == SmallVector<int64_t, 5>{0, 2, 1, 3};
    if (!fiveD && !fourD)
      return rewriter.notifyMatchFailure(back, "not a group transpose");
    int64_t groups = grouped[1];
    if (grouped[0] != n || groups * grouped[2] != c)
      return rewriter.notifyMatchFailure(back, "channels do not split");

    Location loc = rewriter.getFusedLoc(
        {split.getLoc(), transpose.getLoc(), back.getLoc()});
    auto shuffle = rewriter.create<ChannelShuffleOp>(
        loc, back.getType(), x, rewriter.getI64IntegerAttr(groups));
    rewriter.replaceOp(back, shuffle.getResult());
    return success();
  }
};

struct RecognizeChannelShufflePass
    : NNRecognizeChannelShuffleBase<RecognizeChannelShufflePass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<RecognizeShuffle>(&getContext());
    // Every pattern preserves semantics; not converging means two patterns
    // undo each other, which is our bug: say so rather than fail silently.
    if (failed(applyPatternsAndFoldGreedily(getOperation(),
                                            std::move(patterns)))) {
      getOperation().emitError("nn-recognize-channel-shuffle did not converge");
      signalPassFailure();
    }
  }
};

} // namespace

std::unique_ptr<OperationPass<FuncOp>>
nncc::nn::createRecognizeChannelShufflePass() {
  return std::make_unique<RecognizeChannelShufflePass>();
}
