//===- OpsElementwise.cpp - arithmetic, activations, Softmax --------------===//
//
// Binary arithmetic on compile-time tensors folds (integer shape math, float
// constants); on runtime tensors it becomes nn.add/sub/mul/div. Activations
// map one to one, except Softmax before opset 13, whose "flatten to 2-D"
// semantics become reshape + softmax + reshape.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "onnx/onnx_pb.h"

#include <limits>

using namespace mlir;
using namespace nncc;
using namespace nncc::onnx_import;

namespace {
enum class BinaryKind { Add, Sub, Mul, Div };
} // namespace

template <typename T> static T apply(BinaryKind kind, T a, T b) {
  switch (kind) {
  case BinaryKind::Add:
    return a + b;
  case BinaryKind::Sub:
    return a - b;
  case BinaryKind::Mul:
    return a * b;
  case BinaryKind::Div:
    return a / b;
  }
  return a;
}

static LogicalResult foldBinary(GraphImporter &g, BinaryKind kind) {
  const ConstTensor *lhs = g.constant(0, "A");
  const ConstTensor *rhs = lhs ? g.constant(1, "B") : nullptr;
  if (!rhs)
    return failure();
  auto shape = nn::broadcastShapes(lhs->shape, rhs->shape);
  if (failed(shape))
    return g.error() << "shapes " << shapeStr(lhs->shape) << " and "
                     << shapeStr(rhs->shape) << " do not broadcast";
  if (lhs->isFloat != rhs->isFloat)
    return g.error() << "operands have different element types";
  std::vector<int64_t> li = broadcastIndices(lhs->shape, *shape);
  std::vector<int64_t> ri = broadcastIndices(rhs->shape, *shape);
  if (lhs->isFloat) {
    std::vector<float> out;
    for (size_t i = 0; i < li.size(); ++i)
      out.push_back(apply(kind, lhs->floats[li[i]], rhs->floats[ri[i]]));
    g.defineConstant(0, ConstTensor::ofFloats(*shape, std::move(out)));
    return success();
  }
  std::vector<int64_t> out;
  for (size_t i = 0; i < li.size(); ++i) {
    if (kind == BinaryKind::Div && rhs->ints[ri[i]] == 0)
      return g.error() << "integer division by zero";
    out.push_back(apply(kind, lhs->ints[li[i]], rhs->ints[ri[i]]));
  }
  g.defineConstant(0, ConstTensor::ofInts(*shape, std::move(out)));
  return success();
}

template <typename OpT, BinaryKind kind>
static LogicalResult importBinary(GraphImporter &g) {
  if (g.allInputsConstant())
    return foldBinary(g, kind);
  Value lhs = g.operand(0);
  Value rhs = lhs ? g.operand(1) : nullptr;
  if (!rhs)
    return failure();
  auto ls = lhs.getType().cast<ShapedType>().getShape();
  auto rs = rhs.getType().cast<ShapedType>().getShape();
  auto shape = nn::broadcastShapes(ls, rs);
  if (failed(shape))
    return g.error() << "shapes " << shapeStr(ls) << " and " << shapeStr(rs)
                     << " do not broadcast";
  g.define(0, g.create<OpT>(g.tensorType(*shape), {lhs, rhs}));
  return success();
}

template <typename OpT> static LogicalResult importUnary(GraphImporter &g) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  g.define(0, g.create<OpT>(input.getType(), input));
  return success();
}

static LogicalResult importHardSigmoid(GraphImporter &g) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  g.define(0, g.create<nn::HardSigmoidOp>(
                  input.getType(), input,
                  {g.namedAttr("alpha", g.builder().getF32FloatAttr(
                                            g.attrFloat("alpha", 0.2f))),
                   g.namedAttr("beta", g.builder().getF32FloatAttr(
                                           g.attrFloat("beta", 0.5f)))}));
  return success();
}

static LogicalResult createClip(GraphImporter &g, float lo, float hi) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  if (!(lo <= hi))
    return g.error() << "min " << lo << " is greater than max " << hi;
  g.define(0, g.create<nn::ClipOp>(
                  input.getType(), input,
                  {g.namedAttr("min", g.builder().getF32FloatAttr(lo)),
                   g.namedAttr("max", g.builder().getF32FloatAttr(hi))}));
  return success();
}

/// Clip up to opset 10: min and max are attributes.
static LogicalResult importClipAttrs(GraphImporter &g) {
  return createClip(g,
                    g.attrFloat("min", -std::numeric_limits<float>::infinity()),
                    g.attrFloat("max", std::numeric_limits<float>::infinity()));
}

/// Clip from opset 11: min and max are optional scalar inputs.
static LogicalResult importClipInputs(GraphImporter &g) {
  float bounds[2] = {-std::numeric_limits<float>::infinity(),
                     std::numeric_limits<float>::infinity()};
  for (size_t i = 1; i <= 2; ++i) {
    if (!g.hasInput(i))
      continue;
    const ConstTensor *t = g.constant(i, i == 1 ? "min" : "max");
    if (!t)
      return failure();
    if (t->size() != 1)
      return g.error() << (i == 1 ? "min" : "max") << " must be a scalar, got "
                       << shapeStr(t->shape);
    bounds[i - 1] = static_cast<float>(t->asDouble(0));
  }
  return createClip(g, bounds[0], bounds[1]);
}

static Value createSoftmax(GraphImporter &g, Value input, int64_t axis) {
  return g.create<nn::SoftmaxOp>(
      input.getType(), input,
      {g.namedAttr("axis", g.builder().getI64IntegerAttr(axis))});
}

/// Softmax before opset 13: the input is seen as 2-D [prod(d < axis),
/// prod(d >= axis)] and normalized along the second dimension.
static LogicalResult importSoftmaxFlat(GraphImporter &g) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  Shape shape = toShape(input.getType().cast<ShapedType>().getShape());
  int64_t rank = shape.size();
  std::optional<int64_t> axis = g.normalizeAxis(g.attrInt("axis", 1), rank);
  if (!axis)
    return failure();
  if (*axis == rank - 1) {
    g.define(0, createSoftmax(g, input, *axis));
    return success();
  }
  Shape flat{numElements(llvm::makeArrayRef(shape).take_front(*axis)),
             numElements(llvm::makeArrayRef(shape).drop_front(*axis))};
  Value result = createSoftmax(g, g.reshape(input, flat), 1);
  g.define(0, g.reshape(result, shape));
  return success();
}

static LogicalResult importSoftmax(GraphImporter &g) {
  Value input = g.operand(0);
  if (!input)
    return failure();
  int64_t rank = input.getType().cast<ShapedType>().getRank();
  std::optional<int64_t> axis = g.normalizeAxis(g.attrInt("axis", -1), rank);
  if (!axis)
    return failure();
  g.define(0, createSoftmax(g, input, *axis));
  return success();
}

static LogicalResult importIdentity(GraphImporter &g) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  g.defineAlias(0, *input);
  return success();
}

static LogicalResult importDropout(GraphImporter &g) {
  if (g.opset() >= 12 && g.hasInput(2)) {
    const ConstTensor *training = g.constant(2, "training_mode");
    if (!training)
      return failure();
    if (training->size() == 1 && training->asInt(0) != 0)
      return g.error() << "Dropout in training mode is not supported";
  }
  return importIdentity(g);
}

void nncc::onnx_import::registerElementwiseOps(HandlerTable &table) {
  table.add("Add", 1, importBinary<nn::AddOp, BinaryKind::Add>);
  table.add("Sub", 1, importBinary<nn::SubOp, BinaryKind::Sub>);
  table.add("Mul", 1, importBinary<nn::MulOp, BinaryKind::Mul>);
  table.add("Div", 1, importBinary<nn::DivOp, BinaryKind::Div>);
  table.add("Relu", 1, importUnary<nn::ReluOp>);
  table.add("Sigmoid", 1, importUnary<nn::SigmoidOp>);
  table.add("HardSwish", 14, importUnary<nn::HardSwishOp>);
  table.add("HardSigmoid", 1, importHardSigmoid);
  table.add("Clip", 1, importClipAttrs);
  table.add("Clip", 11, importClipInputs);
  table.add("Softmax", 1, importSoftmaxFlat);
  table.add("Softmax", 13, importSoftmax);
  table.add("Identity", 1, importIdentity);
  table.add("Dropout", 1, importDropout);
}
