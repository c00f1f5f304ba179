//===- OpsConvPool.cpp - Conv, pooling, Pad, BatchNorm, ReduceMean --------===//
//
// Windowed ops resolve auto_pad to explicit [top, left, bottom, right] pads
// and absorb a preceding zero Pad (ShuffleNet V1's shortcut pooling exports
// one). Only 2-D (NCHW) windows exist in nn: a 1-D Conv or pool on (N, C, L)
// runs as a 2-D one on (N, C, 1, L) and its result is reshaped back; a 3-D
// pool runs as a 2-D pool over (H, W) followed by one over D.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "onnx/onnx_pb.h"

#include <cmath>
#include <limits>

using namespace mlir;
using namespace nncc;
using namespace nncc::onnx_import;

namespace {
/// The window of a Conv or pool after defaults and auto_pad.
struct Window {
  Shape kernel, strides, dilations, pads;
};
} // namespace

/// The shape of a 2-D window's output over `in` (N and C kept) with `pads`
/// (an absorbed Pad's included); an error where the numbers overflow. With
/// the window attributes and a Pad's pads bounded by 2^31 - 1 on reading
/// they cannot; the check keeps an error, not undefined behaviour, should
/// those bounds change.
static std::optional<Shape> windowOutput(GraphImporter &g, Shape in,
                                         const Window &w, const Shape &pads,
                                         bool ceilMode) {
  for (int i = 0; i < 2; ++i) {
    std::optional<int64_t> size = nn::windowOutputSize(
        in[2 + i], w.kernel[i], w.strides[i], pads[i], pads[i + 2],
        w.dilations[i], ceilMode);
    if (!size) {
      g.error() << "the window's size, strides, dilations and pads overflow "
                   "64-bit arithmetic";
      return std::nullopt;
    }
    in[2 + i] = *size;
  }
  return in;
}

/// Reads kernel/strides/dilations/pads/auto_pad for a 4-D input of spatial
/// size `hw`. `kernel` comes from the weights for Conv. A 1-D window (on an
/// input lifted to H = 1) becomes a 2-D one of height 1.
static std::optional<Window> readWindow(GraphImporter &g, ArrayRef<int64_t> hw,
                                        Shape kernel) {
  Window w;
  w.kernel = g.hasAttr("kernel_shape") ? g.attrInts("kernel_shape") : kernel;
  size_t rank = w.kernel.size();
  w.strides = g.hasAttr("strides") ? g.attrInts("strides") : Shape(rank, 1);
  w.dilations =
      g.hasAttr("dilations") ? g.attrInts("dilations") : Shape(rank, 1);
  if (rank == 1 && w.strides.size() == 1 && w.dilations.size() == 1) {
    w.kernel.insert(w.kernel.begin(), 1);
    w.strides.insert(w.strides.begin(), 1);
    w.dilations.insert(w.dilations.begin(), 1);
  }
  if (w.kernel.size() != 2 || w.strides.size() != 2 ||
      w.dilations.size() != 2) {
    g.error() << "only 2-D windows are supported, got kernel_shape of "
              << w.kernel.size() << " dimensions";
    return std::nullopt;
  }
  for (int64_t v : llvm::concat<int64_t>(w.kernel, w.strides, w.dilations))
    if (v < 1) {
      g.error() << "kernel_shape, strides and dilations must be positive";
      return std::nullopt;
    }
  std::string autoPad = g.attrString("auto_pad", "NOTSET");
  if (autoPad == "NOTSET") {
    w.pads = g.hasAttr("pads") ? g.attrInts("pads") : Shape{0, 0, 0, 0};
    if (rank == 1 && w.pads.size() == 2)
      w.pads = {0, w.pads[0], 0, w.pads[1]};
    if (w.pads.size() != 4 || llvm::any_of(w.pads, [](int64_t p) {
          return p < 0;
        })) {
      g.error() << "pads must be 4 non-negative values, got "
                << w.pads.size();
      return std::nullopt;
    }
  } else if (autoPad == "VALID") {
    w.pads = {0, 0, 0, 0};
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    w.pads = {0, 0, 0, 0};
    for (int i = 0; i < 2; ++i) {
      int64_t out = (hw[i] + w.strides[i] - 1) / w.strides[i];
      int64_t span = (w.kernel[i] - 1) * w.dilations[i] + 1;
      int64_t total =
          std::max<int64_t>(0, (out - 1) * w.strides[i] + span - hw[i]);
      int64_t small = total / 2, big = total - small;
      w.pads[i] = autoPad == "SAME_UPPER" ? small : big;
      w.pads[i + 2] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else {
    g.error() << "unknown auto_pad '" << autoPad << "'";
    return std::nullopt;
  }
  return w;
}

/// The 4-D data input of a windowed op, with the pads of an absorbed Pad
/// added to `pads`. `allowPad` says what pad value the op can absorb.
static Value windowInput(GraphImporter &g, Shape &pads,
                         llvm::function_ref<bool(float)> allowPad,
                         bool *absorbed = nullptr) {
  ImportedValue *in = g.input(0);
  if (!in)
    return nullptr;
  Value value;
  if (in->pendingPad) {
    if (!allowPad(in->padValue)) {
      g.error() << "cannot absorb Pad node '" << in->padNode
                << "' with value " << in->padValue << ": "
                << g.node().op_type()
                << (g.node().op_type() == "MaxPool"
                        ? " can absorb only a -inf Pad"
                        : " can absorb only a zero Pad");
      return nullptr;
    }
    for (int i = 0; i < 4; ++i)
      pads[i] += in->pads[i];
    if (absorbed)
      *absorbed = true;
    value = in->value;
  } else {
    value = g.operand(0);
  }
  if (!value)
    return nullptr;
  Shape shape = toShape(value.getType().cast<ShapedType>().getShape());
  if (shape.size() == 3)
    value = g.reshape(value, {shape[0], shape[1], 1, shape[2]});
  if (value.getType().cast<ShapedType>().getRank() != 4) {
    g.error() << "only 2-D windows on 4-D NCHW tensors are supported, the "
                 "input has rank "
              << value.getType().cast<ShapedType>().getRank();
    return nullptr;
  }
  return value;
}

static LogicalResult importConv(GraphImporter &g) {
  Shape pads{0, 0, 0, 0};
  ImportedValue *in = g.input(0);
  if (!in)
    return failure();
  Shape inShape = in->shape();
  Value weight = g.operand(1);
  if (!weight)
    return failure();
  Shape w = toShape(weight.getType().cast<ShapedType>().getShape());
  bool is1D = inShape.size() == 3 && w.size() == 3;
  if (is1D) {
    inShape = {inShape[0], inShape[1], 1, inShape[2]};
    w = {w[0], w[1], 1, w[2]};
    weight = g.reshape(weight, w);
  }
  if (inShape.size() != 4 || w.size() != 4)
    return g.error() << "only 2-D convolution (4-D input and weight) is "
                        "supported, got input "
                     << shapeStr(inShape) << " and weight " << shapeStr(w);
  std::optional<Window> window =
      readWindow(g, {inShape[2], inShape[3]},
                 is1D ? Shape{w[3]} : Shape{w[2], w[3]});
  if (!window)
    return failure();
  pads = window->pads;
  Value input = windowInput(g, pads, [](float v) { return v == 0.0f; });
  if (!input)
    return failure();
  SmallVector<Value, 3> operands{input, weight};
  if (g.hasInput(2)) {
    Value bias = g.operand(2);
    if (!bias)
      return failure();
    operands.push_back(bias);
  }
  int64_t group = g.attrInt("group", 1);
  std::optional<Shape> outShape =
      windowOutput(g, {inShape[0], w[0], inShape[2], inShape[3]}, *window,
                   pads, /*ceilMode=*/false);
  if (!outShape)
    return failure();
  const Shape &out = *outShape;
  Value conv = g.create<nn::Conv2DOp>(
      g.tensorType(out), operands,
      {g.namedAttr("strides", g.i64Array(window->strides)),
       g.namedAttr("pads", g.i64Array(pads)),
       g.namedAttr("dilations", g.i64Array(window->dilations)),
       g.namedAttr("group", g.builder().getI64IntegerAttr(group))});
  g.define(0, is1D ? g.reshape(conv, {out[0], out[1], out[3]}) : conv);
  return success();
}

/// A 3-D pool on (N, C, D, H, W) is a 2-D pool over (H, W) of
/// (N, C*D, H, W) followed by a 2-D pool over D of (N, C, D, H'*W'): the
/// window is a box clipped to a box, so maxima nest and an average's divisor
/// (with or without padding) is the product of the per-axis counts.
template <typename PoolOp>
static LogicalResult importPool3D(GraphImporter &g, ArrayRef<int64_t> in) {
  constexpr bool isMax = std::is_same<PoolOp, nn::MaxPool2DOp>::value;
  Shape k = g.attrInts("kernel_shape");
  Shape s = g.hasAttr("strides") ? g.attrInts("strides") : Shape(3, 1);
  Shape d = g.hasAttr("dilations") ? g.attrInts("dilations") : Shape(3, 1);
  Shape pads = g.hasAttr("pads") ? g.attrInts("pads") : Shape(6, 0);
  if (k.size() != 3 || s.size() != 3 || d.size() != 3 || pads.size() != 6)
    return g.error() << "a pool of a 5-D tensor needs a 3-D window";
  if (llvm::any_of(llvm::concat<int64_t>(k, s, d),
                   [](int64_t v) { return v < 1; }) ||
      llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return g.error() << "kernel_shape, strides and dilations must be "
                        "positive and pads non-negative";
  std::string autoPad = g.attrString("auto_pad", "NOTSET");
  if (autoPad == "VALID") {
    pads.assign(6, 0);
  } else if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
    for (int i = 0; i < 3; ++i) {
      int64_t out = (in[2 + i] + s[i] - 1) / s[i];
      int64_t total = std::max<int64_t>(
          0, (out - 1) * s[i] + (k[i] - 1) * d[i] + 1 - in[2 + i]);
      int64_t small = total / 2, big = total - small;
      pads[i] = autoPad == "SAME_UPPER" ? small : big;
      pads[i + 3] = autoPad == "SAME_UPPER" ? big : small;
    }
  } else if (autoPad != "NOTSET") {
    return g.error() << "unknown auto_pad '" << autoPad << "'";
  }
  if (!isMax && llvm::any_of(d, [](int64_t v) { return v != 1; }))
    return g.error() << "dilated AveragePool is not supported";
  if (isMax && g.numOutputs() > 1 && g.attrInt("storage_order", 0) != 0)
    return g.error() << "storage_order=1 is not supported";
  bool ceilMode = g.attrInt("ceil_mode", 0) != 0;
  bool countPad = g.attrInt("count_include_pad", 0) != 0;
  Value input = g.operand(0);
  if (!input)
    return failure();
  // A 2-D pool of x, whose shape is inDims; sets `out` to the result's
  // shape. Null after an error.
  auto pool2D = [&](Value x, Shape inDims, Shape kernel, Shape strides,
                    Shape dilations, Shape pads2, Shape &out) -> Value {
    std::optional<Shape> outShape = windowOutput(
        g, inDims, {kernel, strides, dilations, pads2}, pads2, ceilMode);
    if (!outShape)
      return nullptr;
    out = *outShape;
    SmallVector<NamedAttribute, 6> attrs{
        g.namedAttr("kernel_shape", g.i64Array(kernel)),
        g.namedAttr("strides", g.i64Array(strides)),
        g.namedAttr("pads", g.i64Array(pads2)),
        g.namedAttr("ceil_mode", g.builder().getBoolAttr(ceilMode))};
    if (isMax)
      attrs.push_back(g.namedAttr("dilations", g.i64Array(dilations)));
    else
      attrs.push_back(g.namedAttr("count_include_pad",
                                  g.builder().getBoolAttr(countPad)));
    return g.create<PoolOp>(g.tensorType(out), x, attrs);
  };
  Shape planeOut, depthOut;
  Value plane = pool2D(g.reshape(input, {in[0], in[1] * in[2], in[3], in[4]}),
                       {in[0], in[1] * in[2], in[3], in[4]}, {k[1], k[2]},
                       {s[1], s[2]}, {d[1], d[2]},
                       {pads[1], pads[2], pads[4], pads[5]}, planeOut);
  if (!plane)
    return failure();
  Shape depthIn = {in[0], in[1], in[2], planeOut[2] * planeOut[3]};
  Value depth =
      pool2D(g.reshape(plane, depthIn), depthIn, {k[0], 1}, {s[0], 1},
             {d[0], 1}, {pads[0], 0, pads[3], 0}, depthOut);
  if (!depth)
    return failure();
  g.define(0, g.reshape(depth, {in[0], in[1], depthOut[2], planeOut[2],
                                planeOut[3]}));
  return success();
}

template <typename PoolOp> static LogicalResult importPool(GraphImporter &g) {
  constexpr bool isMax = std::is_same<PoolOp, nn::MaxPool2DOp>::value;
  ImportedValue *in = g.input(0);
  if (!in)
    return failure();
  Shape inShape = in->shape();
  if (inShape.size() == 5 && g.hasAttr("kernel_shape"))
    return importPool3D<PoolOp>(g, inShape);
  bool is1D = inShape.size() == 3;
  if (is1D)
    inShape = {inShape[0], inShape[1], 1, inShape[2]};
  if (inShape.size() != 4)
    return g.error() << "only 1-D, 2-D and 3-D pooling on 3-D, 4-D and 5-D "
                        "tensors is supported, the input has rank "
                     << inShape.size();
  if (!g.hasAttr("kernel_shape"))
    return g.error() << "kernel_shape is required";
  std::optional<Window> window = readWindow(g, {inShape[2], inShape[3]}, {});
  if (!window)
    return failure();
  bool countIncludePad = g.attrInt("count_include_pad", 0) != 0;
  bool ownPads = llvm::any_of(window->pads, [](int64_t p) { return p != 0; });
  Shape pads = window->pads;
  bool absorbed = false;
  Value input = windowInput(
      g, pads,
      [](float v) {
        // Max pooling ignores padded positions, which is exact only for a
        // -inf pad; average pooling counts zeros.
        return isMax ? std::isinf(v) && v < 0 : v == 0.0f;
      },
      &absorbed);
  if (!input)
    return failure();
  if (!isMax && absorbed && ownPads && !countIncludePad)
    return g.error() << "cannot absorb a Pad into an AveragePool that pads "
                        "itself with count_include_pad=0";
  bool ceilMode = g.attrInt("ceil_mode", 0) != 0;
  std::optional<Shape> outShape =
      windowOutput(g, inShape, *window, pads, ceilMode);
  if (!outShape)
    return failure();
  const Shape &out = *outShape;
  SmallVector<NamedAttribute, 6> attrs{
      g.namedAttr("kernel_shape", g.i64Array(window->kernel)),
      g.namedAttr("strides", g.i64Array(window->strides)),
      g.namedAttr("pads", g.i64Array(pads)),
      g.namedAttr("ceil_mode", g.builder().getBoolAttr(ceilMode))};
  if (isMax) {
    if (g.attrInt("storage_order", 0) != 0 && g.numOutputs() > 1)
      return g.error() << "storage_order=1 is not supported";
    attrs.push_back(g.namedAttr("dilations", g.i64Array(window->dilations)));
  } else {
    if (llvm::any_of(window->dilations, [](int64_t d) { return d != 1; }))
      return g.error() << "dilated AveragePool is not supported";
    attrs.push_back(g.namedAttr("count_include_pad",
                                g.builder().getBoolAttr(countIncludePad ||
                                                        absorbed)));
  }
  Value pool = g.create<PoolOp>(g.tensorType(out), input, attrs);
  g.define(0, is1D ? g.reshape(pool, {out[0], out[1], out[3]}) : pool);
  return success();
}

static LogicalResult importGlobalAveragePool(GraphImporter &g) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  Shape in = toShape(input.getType().cast<ShapedType>().getShape());
  if (in.size() != 4)
    return g.error() << "only 4-D NCHW input is supported, got rank "
                     << in.size();
  g.define(0, g.create<nn::GlobalAvgPoolOp>(
                  g.tensorType({in[0], in[1], 1, 1}), input));
  return success();
}

/// ReduceMean over H and W is global average pooling; nothing else is.
static LogicalResult importReduceMean(GraphImporter &g) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  Shape in = toShape(input.getType().cast<ShapedType>().getShape());
  Shape axes;
  for (int64_t axis : g.attrInts("axes")) {
    std::optional<int64_t> a = g.normalizeAxis(axis, in.size());
    if (!a)
      return failure();
    axes.push_back(*a);
  }
  llvm::sort(axes);
  if (in.size() != 4 || axes != Shape{2, 3})
    return g.error() << "ReduceMean is supported only over the spatial axes "
                        "(2, 3) of a 4-D tensor, got axes ["
                     << llvm::make_range(axes.begin(), axes.end())
                     << "] of rank " << in.size();
  Value pooled = g.create<nn::GlobalAvgPoolOp>(
      g.tensorType({in[0], in[1], 1, 1}), input);
  if (g.attrInt("keepdims", 1) == 0)
    pooled = g.reshape(pooled, {in[0], in[1]});
  g.define(0, pooled);
  return success();
}

/// Pad is only recorded here; the Conv or pool that reads it absorbs it.
static LogicalResult importPad(GraphImporter &g) {
  std::string mode = g.attrString("mode", "constant");
  ImportedValue *data = g.input(0);
  if (!data)
    return failure();
  if (data->pendingPad)
    return g.error() << "a Pad of a Pad is not supported";
  Shape pads;
  float value = 0;
  if (g.opset() < 11) {
    pads = g.attrInts(g.opset() < 2 ? "paddings" : "pads");
    value = g.attrFloat("value", 0.0f);
  } else {
    const ConstTensor *p = g.constant(1, "pads");
    if (!p)
      return failure();
    pads = toShape(p->toInts());
    if (g.hasInput(2)) {
      const ConstTensor *v = g.constant(2, "constant_value");
      if (!v)
        return failure();
      if (v->size() != 1)
        return g.error() << "constant_value must be a scalar";
      value = static_cast<float>(v->asDouble(0));
    }
  }
  Shape shape = data->shape();
  if (mode != "constant")
    return g.error() << "Pad mode '" << mode
                     << "' is not supported; only constant padding folded "
                        "into a following Conv or pool is";
  if (shape.size() != 4 || pads.size() != 8 || pads[0] || pads[1] ||
      pads[4] || pads[5])
    return g.error() << "only a Pad of H and W of a 4-D tensor is supported";
  if (llvm::any_of(pads, [](int64_t p) { return p < 0; }))
    return g.error() << "negative pads (cropping) are not supported";
  if (llvm::any_of(pads, [](int64_t p) { return p > INT32_MAX; }))
    return g.error() << "pads must be at most " << INT32_MAX;
  Value input = g.operand(0);
  if (!input)
    return failure();
  ImportedValue padded(g.loc());
  padded.value = input;
  g.definePad(0, padded, {pads[2], pads[3], pads[6], pads[7]}, value);
  return success();
}

static LogicalResult importBatchNorm(GraphImporter &g) {
  if (g.opset() < 9 && g.attrInt("spatial", 1) != 1)
    return g.error() << "BatchNormalization with spatial=0 is not supported";
  if (g.opset() >= 14 && g.attrInt("training_mode", 0) != 0)
    return g.error() << "training_mode=1 is not supported; nncc compiles "
                        "inference graphs (export with the model in eval mode)";
  SmallVector<Value, 5> operands;
  for (size_t i = 0; i < 5; ++i) {
    Value v = g.operand(i);
    if (!v)
      return failure();
    operands.push_back(v);
  }
  g.define(0, g.create<nn::BatchNormOp>(
                  operands[0].getType(), operands,
                  {g.namedAttr("epsilon", g.builder().getF32FloatAttr(
                                              g.attrFloat("epsilon", 1e-5f)))}));
  return success();
}

void nncc::onnx_import::registerConvPoolOps(HandlerTable &table) {
  table.add("Conv", 1, importConv);
  table.add("MaxPool", 1, importPool<nn::MaxPool2DOp>);
  table.add("AveragePool", 1, importPool<nn::AvgPool2DOp>);
  table.add("GlobalAveragePool", 1, importGlobalAveragePool);
  table.add("ReduceMean", 1, importReduceMean);
  table.add("Pad", 1, importPad);
  table.add("BatchNormalization", 1, importBatchNorm);
}
