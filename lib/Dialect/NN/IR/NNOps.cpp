//===- NNOps.cpp - nn op verifiers and folders -------------------------===//
//
// Each verifier recomputes the op's result shape from its operands and
// attributes, so a malformed graph is caught where it is built, with the
// numbers that disagree.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/IR/PatternMatch.h"
#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"
#include <limits>

using namespace mlir;
using namespace nncc::nn;

//===----------------------------------------------------------------------===//
// Shared helpers
//===----------------------------------------------------------------------===//

llvm::SmallVector<int64_t, 4> nncc::nn::toI64s(ArrayAttr attr) {
  llvm::SmallVector<int64_t, 4> values;
  for (Attribute a : attr)
    values.push_back(a.cast<IntegerAttr>().getInt());
  return values;
}

llvm::SmallVector<float, 4> nncc::nn::toFloats(ArrayAttr attr) {
  llvm::SmallVector<float, 4> values;
  for (Attribute a : attr)
    values.push_back(a.cast<FloatAttr>().getValueAsDouble());
  return values;
}

FailureOr<llvm::SmallVector<int64_t, 4>>
nncc::nn::broadcastShapes(ArrayRef<int64_t> lhs, ArrayRef<int64_t> rhs) {
  size_t rank = std::max(lhs.size(), rhs.size());
  llvm::SmallVector<int64_t, 4> result(rank);
  for (size_t i = 0; i < rank; ++i) {
    int64_t l = i < rank - lhs.size() ? 1 : lhs[i - (rank - lhs.size())];
    int64_t r = i < rank - rhs.size() ? 1 : rhs[i - (rank - rhs.size())];
    if (l != r && l != 1 && r != 1)
      return failure();
    result[i] = l == 1 ? r : l;
  }
  return result;
}

std::optional<int64_t>
nncc::nn::windowOutputSize(int64_t in, int64_t kernel, int64_t stride,
                           int64_t padBegin, int64_t padEnd, int64_t dilation,
                           bool ceilMode) {
  // span = (in + padBegin + padEnd) - (dilation * (kernel - 1) + 1): how
  // far the window can move over the padded input. Every step is checked,
  // so a caller may recompute the two terms once this succeeds.
  int64_t extent, window, span;
  if (__builtin_add_overflow(in, padBegin, &extent) ||
      __builtin_add_overflow(extent, padEnd, &extent) ||
      __builtin_mul_overflow(dilation, kernel - 1, &window) ||
      __builtin_add_overflow(window, 1, &window) ||
      __builtin_sub_overflow(extent, window, &span))
    return std::nullopt;
  if (span < 0)
    return 0;
  if (ceilMode && span > std::numeric_limits<int64_t>::max() - stride)
    return std::nullopt;
  int64_t out = (ceilMode ? (span + stride - 1) / stride : span / stride) + 1;
  // A window that would start entirely in the end padding is dropped, as in
  // ONNX and PyTorch.
  if (ceilMode && (out - 1) * stride >= in + padBegin)
    --out;
  return out;
}

/// "1x3x224x224", the way the messages print shapes.
static std::string shapeStr(ArrayRef<int64_t> shape) {
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return os.str();
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return v.getType().cast<ShapedType>().getShape();
}

static LogicalResult checkResultShape(Operation *op, Value result,
                                      ArrayRef<int64_t> expected) {
  if (shapeOf(result) == expected)
    return success();
  return op->emitOpError("result shape ")
         << shapeStr(shapeOf(result)) << " does not match the inferred shape "
         << shapeStr(expected);
}

static LogicalResult checkRank(Operation *op, Value v, StringRef what,
                               int64_t rank) {
  if (shapeOf(v).size() == static_cast<size_t>(rank))
    return success();
  return op->emitOpError() << what << " must have rank " << rank << ", got "
                           << shapeOf(v).size();
}

static LogicalResult checkChannelVector(Operation *op, Value v, StringRef what,
                                        int64_t channels) {
  ArrayRef<int64_t> shape = shapeOf(v);
  if (shape.size() == 1 && shape[0] == channels)
    return success();
  return op->emitOpError() << what << " must have shape " << channels
                           << ", got " << shapeStr(shape);
}

/// Checks an attribute list's length and that each entry is at least `min`.
static LogicalResult checkList(Operation *op, ArrayAttr attr, StringRef name,
                               size_t size, int64_t min) {
  if (attr.size() != size)
    return op->emitOpError() << "'" << name << "' must have " << size
                             << " entries, got " << attr.size();
  for (int64_t v : toI64s(attr))
    if (v < min)
      return op->emitOpError() << "'" << name << "' entries must be at least "
                               << min << ", got " << v;
  return success();
}

/// Checks strides/pads/dilations/kernel of a 2-D windowed op on an NCHW input
/// and returns the spatial output size in `hw`.
static LogicalResult verifyWindow(Operation *op, Value input,
                                  ArrayRef<int64_t> kernel, ArrayAttr strides,
                                  ArrayAttr pads, ArrayAttr dilations,
                                  bool ceilMode, int64_t hw[2]) {
  if (failed(checkRank(op, input, "input", 4)) ||
      failed(checkList(op, strides, "strides", 2, 1)) ||
      failed(checkList(op, pads, "pads", 4, 0)) ||
      failed(checkList(op, dilations, "dilations", 2, 1)))
    return failure();
  auto s = toI64s(strides), p = toI64s(pads), d = toI64s(dilations);
  ArrayRef<int64_t> in = shapeOf(input);
  for (int i = 0; i < 2; ++i) {
    if (kernel[i] < 1)
      return op->emitOpError()
             << "kernel size must be at least 1, got " << kernel[i];
    std::optional<int64_t> size = windowOutputSize(
        in[2 + i], kernel[i], s[i], p[i], p[i + 2], d[i], ceilMode);
    if (!size)
      return op->emitOpError() << "window in spatial dimension " << i
                               << " overflows 64-bit arithmetic";
    // Both are known to fit once windowOutputSize succeeded.
    int64_t extent = in[2 + i] + p[i] + p[i + 2];
    int64_t window = d[i] * (kernel[i] - 1) + 1;
    if (window > extent)
      return op->emitOpError()
             << "window of " << window << " exceeds the padded input size "
             << extent << " in spatial dimension " << i;
    hw[i] = *size;
  }
  return success();
}

/// Checks a fused activation and its parameters; `what` names the attribute
/// pair in messages ("activation" or "depthwise activation").
static LogicalResult verifyActivation(Operation *op, StringRef activation,
                                      ArrayAttr params,
                                      StringRef what = "activation") {
  size_t expected;
  if (activation == "none" || activation == "relu" ||
      activation == "hard_swish")
    expected = 0;
  else if (activation == "clip" || activation == "hard_sigmoid")
    expected = 2;
  else
    return op->emitOpError() << "unknown " << what << " '" << activation << "'";
  if (params.size() != expected)
    return op->emitOpError()
           << what << " '" << activation << "' takes " << expected
           << " parameters, got " << params.size();
  if (activation == "clip") {
    auto bounds = toFloats(params);
    if (!(bounds[0] <= bounds[1]))
      return op->emitOpError() << what << " 'clip' has min " << bounds[0]
                               << " greater than max " << bounds[1];
  }
  return success();
}

static LogicalResult checkAxis(Operation *op, int64_t axis, size_t rank) {
  if (axis >= 0 && static_cast<size_t>(axis) < rank)
    return success();
  return op->emitOpError() << "axis " << axis << " is out of range for rank "
                           << rank;
}

//===----------------------------------------------------------------------===//
// ConstantOp
//===----------------------------------------------------------------------===//

LogicalResult
ConstantOp::inferReturnTypes(MLIRContext *context, Optional<Location> location,
                             ValueRange operands, DictionaryAttr attributes,
                             RegionRange regions,
                             SmallVectorImpl<Type> &inferredReturnTypes) {
  auto value = attributes.get("value").dyn_cast_or_null<ElementsAttr>();
  if (!value)
    return emitOptionalError(location, "'nn.constant' needs an elements value");
  inferredReturnTypes.push_back(value.getType());
  return success();
}

static LogicalResult verify(ConstantOp op) { return success(); }

OpFoldResult ConstantOp::fold(ArrayRef<Attribute> operands) {
  return valueAttr();
}

//===----------------------------------------------------------------------===//
// Convolution and normalization
//===----------------------------------------------------------------------===//

bool Conv2DOp::isDepthwise() {
  int64_t channels = shapeOf(input())[1];
  return static_cast<int64_t>(group()) == channels && channels > 1;
}

bool Conv2DOp::isPointwise() {
  ArrayRef<int64_t> w = shapeOf(weight());
  return group() == 1 && w[2] == 1 && w[3] == 1 &&
         llvm::all_of(toI64s(strides()), [](int64_t s) { return s == 1; }) &&
         llvm::all_of(toI64s(pads()), [](int64_t p) { return p == 0; });
}

static LogicalResult verify(Conv2DOp op) {
  if (failed(checkRank(op, op.input(), "input", 4)) ||
      failed(checkRank(op, op.weight(), "weight", 4)))
    return failure();
  if (op.shuffle_output() && static_cast<int64_t>(op.group()) < 2)
    return op.emitOpError("'shuffle_output' needs group > 1, got ")
           << static_cast<int64_t>(op.group());
  ArrayRef<int64_t> in = shapeOf(op.input()), w = shapeOf(op.weight());
  int64_t group = op.group();
  if (group < 1)
    return op.emitOpError() << "group must be at least 1, got " << group;
  if (in[1] % group != 0)
    return op.emitOpError() << "group " << group
                            << " does not divide the input channels " << in[1];
  if (w[0] % group != 0)
    return op.emitOpError() << "group " << group
                            << " does not divide the output channels " << w[0];
  if (w[1] != in[1] / group)
    return op.emitOpError()
           << "weight shape " << shapeStr(w) << " expects " << w[1] * group
           << " input channels with group " << group << ", input has " << in[1];
  if (op.bias() && failed(checkChannelVector(op, op.bias(), "bias", w[0])))
    return failure();
  int64_t hw[2];
  if (failed(verifyWindow(op, op.input(), w.drop_front(2), op.strides(),
                          op.pads(), op.dilations(), false, hw)) ||
      failed(verifyActivation(op, op.activation(), op.activation_params())))
    return failure();
  return checkResultShape(op, op.output(), {in[0], w[0], hw[0], hw[1]});
}

static LogicalResult verify(SeparableConv2DOp op) {
  if (failed(checkRank(op, op.input(), "input", 4)) ||
      failed(checkRank(op, op.depthwise_weight(), "depthwise weight", 4)) ||
      failed(checkRank(op, op.pointwise_weight(), "pointwise weight", 4)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(op.input()),
                    dw = shapeOf(op.depthwise_weight()),
                    pw = shapeOf(op.pointwise_weight());
  int64_t channels = in[1];
  if (dw[0] != channels || dw[1] != 1)
    return op.emitOpError()
           << "depthwise weight shape " << shapeStr(dw) << " must be "
           << channels << "x1xkHxkW for " << channels << " input channels";
  if (pw[1] != channels || pw[2] != 1 || pw[3] != 1)
    return op.emitOpError() << "pointwise weight shape " << shapeStr(pw)
                            << " must be C_outx" << channels << "x1x1";
  if (failed(checkChannelVector(op, op.depthwise_bias(), "depthwise bias",
                                channels)) ||
      failed(
          checkChannelVector(op, op.pointwise_bias(), "pointwise bias", pw[0])))
    return failure();
  int64_t hw[2];
  if (failed(verifyWindow(op, op.input(), dw.drop_front(2), op.strides(),
                          op.pads(), op.dilations(), false, hw)) ||
      failed(verifyActivation(op, op.depthwise_activation(),
                              op.depthwise_activation_params(),
                              "depthwise activation")) ||
      failed(verifyActivation(op, op.activation(), op.activation_params())))
    return failure();
  return checkResultShape(op, op.output(), {in[0], pw[0], hw[0], hw[1]});
}

static LogicalResult verify(BatchNormOp op) {
  ArrayRef<int64_t> in = shapeOf(op.input());
  if (in.size() < 2)
    return op.emitOpError()
           << "input must have rank at least 2, got " << in.size();
  for (auto [name, v] :
       {std::make_pair("scale", op.scale()), std::make_pair("bias", op.bias()),
        std::make_pair("mean", op.mean()), std::make_pair("var", op.var())})
    if (failed(checkChannelVector(op, v, name, in[1])))
      return failure();
  if (op.epsilon().convertToFloat() < 0)
    return op.emitOpError() << "epsilon must not be negative";
  return checkResultShape(op, op.output(), in);
}

//===----------------------------------------------------------------------===//
// Activations
//===----------------------------------------------------------------------===//

static LogicalResult verify(ClipOp op) {
  float lo = op.min().convertToFloat(), hi = op.max().convertToFloat();
  if (!(lo <= hi))
    return op.emitOpError() << "min " << lo << " is greater than max " << hi;
  return success();
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

template <typename PoolOp>
static LogicalResult verifyPool(PoolOp op, ArrayAttr dilations) {
  if (failed(checkList(op, op.kernel_shape(), "kernel_shape", 2, 1)))
    return failure();
  int64_t hw[2];
  if (failed(verifyWindow(op, op.input(), toI64s(op.kernel_shape()),
                          op.strides(), op.pads(), dilations, op.ceil_mode(),
                          hw)))
    return failure();
  auto k = toI64s(op.kernel_shape()), p = toI64s(op.pads());
  for (int i = 0; i < 2; ++i)
    if (p[i] >= k[i] || p[i + 2] >= k[i])
      return op.emitOpError()
             << "pads must be smaller than the kernel, got " << p[i] << " and "
             << p[i + 2] << " for kernel " << k[i];
  ArrayRef<int64_t> in = shapeOf(op.input());
  return checkResultShape(op, op.output(), {in[0], in[1], hw[0], hw[1]});
}

static LogicalResult verify(MaxPool2DOp op) {
  return verifyPool(op, op.dilations());
}

static LogicalResult verify(AvgPool2DOp op) {
  Builder b(op.getContext());
  return verifyPool(op, b.getI64ArrayAttr({1, 1}));
}

static LogicalResult verify(GlobalAvgPoolOp op) {
  if (failed(checkRank(op, op.input(), "input", 4)))
    return failure();
  ArrayRef<int64_t> in = shapeOf(op.input());
  return checkResultShape(op, op.output(), {in[0], in[1], 1, 1});
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

static LogicalResult verify(ConcatOp op) {
  if (op.inputs().empty())
    return op.emitOpError("needs at least one input");
  llvm::SmallVector<int64_t, 4> result(
      llvm::to_vector<4>(shapeOf(op.inputs()[0])));
  if (failed(checkAxis(op, op.axis(), result.size())))
    return failure();
  int64_t axis = op.axis();
  result[axis] = 0;
  for (auto it : llvm::enumerate(op.inputs())) {
    size_t i = it.index();
    ArrayRef<int64_t> shape = shapeOf(it.value());
    if (shape.size() != result.size())
      return op.emitOpError() << "input " << i << " has rank " << shape.size()
                              << ", expected " << result.size();
    for (size_t d = 0; d < shape.size(); ++d)
      if (static_cast<int64_t>(d) != axis && shape[d] != result[d])
        return op.emitOpError()
               << "input " << i << " has shape " << shapeStr(shape)
               << ", which differs from input 0 outside axis " << axis;
    result[axis] += shape[axis];
  }
  if (op.interleave())
    for (auto it : llvm::enumerate(op.inputs()))
      if (shapeOf(it.value())[axis] != shapeOf(op.inputs()[0])[axis])
        return op.emitOpError("'interleave' needs equal sizes along axis ")
               << axis << ", input " << it.index() << " has "
               << shapeOf(it.value())[axis] << ", input 0 has "
               << shapeOf(op.inputs()[0])[axis];
  return checkResultShape(op, op.output(), result);
}

/// A concat of one tensor is that tensor.
OpFoldResult ConcatOp::fold(ArrayRef<Attribute> operands) {
  if (inputs().size() == 1 && inputs()[0].getType() == getType())
    return inputs()[0];
  return {};
}

static LogicalResult verify(SplitOp op) {
  ArrayRef<int64_t> in = shapeOf(op.input());
  if (failed(checkAxis(op, op.axis(), in.size())))
    return failure();
  if (op.outputs().empty())
    return op.emitOpError("needs at least one result");
  int64_t axis = op.axis(), total = 0;
  for (auto it : llvm::enumerate(op.outputs())) {
    size_t i = it.index();
    ArrayRef<int64_t> shape = shapeOf(it.value());
    bool sameElsewhere = shape.size() == in.size();
    for (size_t d = 0; sameElsewhere && d < shape.size(); ++d)
      sameElsewhere = static_cast<int64_t>(d) == axis || shape[d] == in[d];
    if (!sameElsewhere)
      return op.emitOpError()
             << "result " << i << " has shape " << shapeStr(shape)
             << ", which differs from the "
             << "input " << shapeStr(in) << " outside axis " << axis;
    total += shape[axis];
  }
  if (total != in[axis])
    return op.emitOpError() << "result sizes along axis " << axis << " sum to "
                            << total << ", the input has " << in[axis];
  return success();
}

/// A split into one piece is the input.
LogicalResult SplitOp::fold(ArrayRef<Attribute> operands,
                            SmallVectorImpl<OpFoldResult> &results) {
  if (outputs().size() != 1 || input().getType() != outputs()[0].getType())
    return failure();
  results.push_back(input());
  return success();
}

static LogicalResult verify(SliceOp op) {
  ArrayRef<int64_t> in = shapeOf(op.input());
  size_t rank = in.size();
  if (failed(checkList(op, op.starts(), "starts", rank, 0)) ||
      failed(checkList(op, op.ends(), "ends", rank, 0)) ||
      failed(checkList(op, op.steps(), "steps", rank, 1)))
    return failure();
  auto starts = toI64s(op.starts()), ends = toI64s(op.ends()),
       steps = toI64s(op.steps());
  llvm::SmallVector<int64_t, 4> result;
  for (size_t d = 0; d < rank; ++d) {
    if (starts[d] >= ends[d] || ends[d] > in[d])
      return op.emitOpError() << "slice [" << starts[d] << ", " << ends[d]
                              << ") of dimension " << d << " is empty or "
                              << "outside its size " << in[d];
    result.push_back((ends[d] - starts[d] + steps[d] - 1) / steps[d]);
  }
  return checkResultShape(op, op.output(), result);
}

/// A unit-step slice that keeps the shape keeps everything.
OpFoldResult SliceOp::fold(ArrayRef<Attribute> operands) {
  if (input().getType() == getType() &&
      llvm::all_of(toI64s(steps()), [](int64_t s) { return s == 1; }))
    return input();
  return {};
}

static int64_t numElements(Value v) {
  return v.getType().cast<ShapedType>().getNumElements();
}

static LogicalResult verify(ReshapeOp op) {
  if (numElements(op.input()) != numElements(op.output()))
    return op.emitOpError()
           << "cannot reshape " << shapeStr(shapeOf(op.input())) << " ("
           << numElements(op.input()) << " elements) into "
           << shapeStr(shapeOf(op.output())) << " (" << numElements(op.output())
           << " elements)";
  return success();
}

OpFoldResult ReshapeOp::fold(ArrayRef<Attribute> operands) {
  if (input().getType() == getType())
    return input();
  if (auto value = operands[0].dyn_cast_or_null<DenseElementsAttr>())
    return value.reshape(getType().cast<ShapedType>());
  return {};
}

namespace {
/// reshape(reshape(x)) -> reshape(x): row-major order makes the middle shape
/// irrelevant.
struct ReshapeOfReshape : OpRewritePattern<ReshapeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(ReshapeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.input().getDefiningOp<ReshapeOp>();
    if (!inner)
      return failure();
    Location loc = rewriter.getFusedLoc({inner.getLoc(), op.getLoc()});
    Value merged = rewriter.create<ReshapeOp>(loc, op.getType(), inner.input());
    rewriter.replaceOp(op, merged);
    return success();
  }
};

/// flatten(x) -> reshape(x): the result type already says everything.
struct FlattenToReshape : OpRewritePattern<FlattenOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(FlattenOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<ReshapeOp>(op, op.getType(), op.input());
    return success();
  }
};

/// transpose(transpose(x)) -> transpose(x) with the composed permutation.
struct TransposeOfTranspose : OpRewritePattern<TransposeOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TransposeOp op,
                                PatternRewriter &rewriter) const override {
    auto inner = op.input().getDefiningOp<TransposeOp>();
    if (!inner)
      return failure();
    auto outerPerm = toI64s(op.perm()), innerPerm = toI64s(inner.perm());
    SmallVector<int64_t, 4> perm;
    for (int64_t p : outerPerm)
      perm.push_back(innerPerm[p]);
    Location loc = rewriter.getFusedLoc({inner.getLoc(), op.getLoc()});
    Value composed = rewriter.create<TransposeOp>(
        loc, op.getType(), inner.input(), rewriter.getI64ArrayAttr(perm));
    rewriter.replaceOp(op, composed);
    return success();
  }
};
} // namespace

void ReshapeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<ReshapeOfReshape>(context);
}

void FlattenOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                            MLIRContext *context) {
  patterns.add<FlattenToReshape>(context);
}

void TransposeOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                              MLIRContext *context) {
  patterns.add<TransposeOfTranspose>(context);
}

static LogicalResult verify(FlattenOp op) {
  ArrayRef<int64_t> in = shapeOf(op.input());
  int64_t axis = op.axis();
  if (axis < 0 || axis > static_cast<int64_t>(in.size()))
    return op.emitOpError()
           << "axis " << axis << " is out of range for rank " << in.size();
  int64_t outer = 1, inner = 1;
  for (int64_t d = 0; d < static_cast<int64_t>(in.size()); ++d)
    (d < axis ? outer : inner) *= in[d];
  return checkResultShape(op, op.output(), {outer, inner});
}

static LogicalResult verify(TransposeOp op) {
  ArrayRef<int64_t> in = shapeOf(op.input());
  auto perm = toI64s(op.perm());
  if (perm.size() != in.size())
    return op.emitOpError()
           << "perm has " << perm.size() << " entries for rank " << in.size();
  llvm::SmallVector<bool, 4> seen(in.size(), false);
  llvm::SmallVector<int64_t, 4> result;
  for (int64_t p : perm) {
    if (p < 0 || p >= static_cast<int64_t>(in.size()) || seen[p])
      return op.emitOpError()
             << "perm is not a permutation of 0.." << in.size() - 1;
    seen[p] = true;
    result.push_back(in[p]);
  }
  return checkResultShape(op, op.output(), result);
}

/// The identity permutation moves nothing.
OpFoldResult TransposeOp::fold(ArrayRef<Attribute> operands) {
  for (auto it : llvm::enumerate(toI64s(perm())))
    if (it.value() != static_cast<int64_t>(it.index()))
      return {};
  return input();
}

static LogicalResult verify(ChannelShuffleOp op) {
  if (failed(checkRank(op, op.input(), "input", 4)))
    return failure();
  int64_t channels = shapeOf(op.input())[1], groups = op.groups();
  if (groups < 1 || channels % groups != 0)
    return op.emitOpError() << "groups " << groups
                            << " does not divide the channels " << channels;
  return checkResultShape(op, op.output(), shapeOf(op.input()));
}

/// One group, or one channel per group, leaves every channel in place.
OpFoldResult ChannelShuffleOp::fold(ArrayRef<Attribute> operands) {
  int64_t channels = shapeOf(input())[1];
  auto g = static_cast<int64_t>(groups());
  if (g == 1 || g == channels)
    return input();
  return {};
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

static LogicalResult verify(GemmOp op) {
  if (failed(checkRank(op, op.a(), "A", 2)) ||
      failed(checkRank(op, op.b(), "B", 2)) ||
      failed(verifyActivation(op, op.activation(), op.activation_params())))
    return failure();
  ArrayRef<int64_t> a = shapeOf(op.a()), b = shapeOf(op.b());
  int64_t m = op.transA() ? a[1] : a[0], ka = op.transA() ? a[0] : a[1];
  int64_t kb = op.transB() ? b[1] : b[0], n = op.transB() ? b[0] : b[1];
  if (ka != kb)
    return op.emitOpError() << "inner dimensions differ: A' is " << m << "x"
                            << ka << ", B' is " << kb << "x" << n;
  if (op.c()) {
    // C must broadcast to M x N without growing it: a rank-3 C of shape
    // MxMxN would otherwise pass when M == N.
    auto bc = broadcastShapes(shapeOf(op.c()), {m, n});
    if (failed(bc) || bc->size() != 2 || (*bc)[0] != m || (*bc)[1] != n)
      return op.emitOpError() << "C of shape " << shapeStr(shapeOf(op.c()))
                              << " does not broadcast to " << m << "x" << n;
  }
  return checkResultShape(op, op.output(), {m, n});
}

static LogicalResult verify(MatMulOp op) {
  ArrayRef<int64_t> a = shapeOf(op.a()), b = shapeOf(op.b());
  if (a.size() < 2 || b.size() < 2)
    return op.emitOpError() << "operands must have rank at least 2, got "
                            << a.size() << " and " << b.size();
  if (a.back() != b[b.size() - 2])
    return op.emitOpError() << "inner dimensions differ: " << shapeStr(a)
                            << " times " << shapeStr(b);
  auto batch = broadcastShapes(a.drop_back(2), b.drop_back(2));
  if (failed(batch))
    return op.emitOpError() << "batch dimensions of " << shapeStr(a) << " and "
                            << shapeStr(b) << " do not broadcast";
  llvm::SmallVector<int64_t, 4> result(*batch);
  result.push_back(a[a.size() - 2]);
  result.push_back(b.back());
  return checkResultShape(op, op.output(), result);
}

//===----------------------------------------------------------------------===//
// Element-wise arithmetic
//===----------------------------------------------------------------------===//

template <typename BinaryOp> static LogicalResult verifyBinary(BinaryOp op) {
  auto result = broadcastShapes(shapeOf(op.lhs()), shapeOf(op.rhs()));
  if (failed(result))
    return op.emitOpError()
           << "shapes " << shapeStr(shapeOf(op.lhs())) << " and "
           << shapeStr(shapeOf(op.rhs())) << " do not broadcast";
  if (failed(verifyActivation(op, op.activation(), op.activation_params())))
    return failure();
  return checkResultShape(op, op.output(), *result);
}

static LogicalResult verify(AddOp op) { return verifyBinary(op); }
static LogicalResult verify(SubOp op) { return verifyBinary(op); }
static LogicalResult verify(MulOp op) { return verifyBinary(op); }
static LogicalResult verify(DivOp op) { return verifyBinary(op); }

static LogicalResult verify(SoftmaxOp op) {
  if (failed(checkAxis(op, op.axis(), shapeOf(op.input()).size())))
    return failure();
  return checkResultShape(op, op.output(), shapeOf(op.input()));
}

#define GET_OP_CLASSES
#include "nncc/Dialect/NN/IR/NNOps.cpp.inc"
