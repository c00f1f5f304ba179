//===- OpsShape.cpp - shape subgraphs, evaluated at import time ----------===//
//
// Exporters compute reshape targets and split points with Shape, Gather,
// Cast, ConstantOfShape, Range, Equal, Where and integer math. With static
// input shapes all of them are known at compile time: these handlers compute
// them into ConstTensors, never into nn ops.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "onnx/onnx_pb.h"

#include <cmath>

using namespace mlir;
using namespace nncc;
using namespace nncc::onnx_import;

static LogicalResult importShape(GraphImporter &g) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape shape = input->shape();
  int64_t rank = shape.size();
  int64_t start = g.attrInt("start", 0), end = g.attrInt("end", rank);
  auto clampAxis = [&](int64_t a) {
    if (a < 0)
      a += rank;
    return std::min(std::max<int64_t>(a, 0), rank);
  };
  start = clampAxis(start);
  end = clampAxis(end);
  g.defineConstant(0, ConstTensor::vector(llvm::makeArrayRef(shape).slice(
                          start, std::max<int64_t>(end - start, 0))));
  return success();
}

static LogicalResult importSize(GraphImporter &g) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  g.defineConstant(0, ConstTensor::ofInts({}, {numElements(input->shape())}));
  return success();
}

static LogicalResult importGather(GraphImporter &g) {
  if (!g.allInputsConstant())
    return g.error() << "Gather is supported only on tensors known at compile "
                        "time (shape computations)";
  const ConstTensor *data = g.constant(0, "data");
  const ConstTensor *indices = g.constant(1, "indices");
  int64_t rank = data->shape.size();
  std::optional<int64_t> axis = g.normalizeAxis(g.attrInt("axis", 0), rank);
  if (!axis)
    return failure();
  int64_t dim = data->shape[*axis];
  Shape outShape(data->shape.begin(), data->shape.begin() + *axis);
  outShape.append(indices->shape.begin(), indices->shape.end());
  outShape.append(data->shape.begin() + *axis + 1, data->shape.end());
  int64_t outer = numElements(llvm::makeArrayRef(data->shape).take_front(*axis));
  int64_t inner =
      numElements(llvm::makeArrayRef(data->shape).drop_front(*axis + 1));
  std::vector<int64_t> source;
  for (int64_t o = 0; o < outer; ++o)
    for (int64_t k = 0; k < indices->size(); ++k) {
      int64_t index = indices->asInt(k);
      if (index < -dim || index >= dim)
        return g.error() << "index " << index << " is out of range for "
                         << "dimension " << *axis << " of size " << dim;
      if (index < 0)
        index += dim;
      for (int64_t i = 0; i < inner; ++i)
        source.push_back((o * dim + index) * inner + i);
    }
  g.defineConstant(0, data->select(outShape, source));
  return success();
}

static bool isFloatType(int64_t onnxType) {
  return onnxType == onnx::TensorProto::FLOAT ||
         onnxType == onnx::TensorProto::DOUBLE ||
         onnxType == onnx::TensorProto::FLOAT16 ||
         onnxType == onnx::TensorProto::BFLOAT16;
}

static LogicalResult importCast(GraphImporter &g) {
  int64_t to = g.attrInt("to", onnx::TensorProto::FLOAT);
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  if (!input->folded || input->pendingPad) {
    if (to != onnx::TensorProto::FLOAT)
      return g.error() << "Cast of a computed f32 tensor to "
                       << onnx::TensorProto::DataType_Name(
                              static_cast<onnx::TensorProto::DataType>(to))
                       << " is not supported";
    g.defineAlias(0, *input);
    return success();
  }
  const ConstTensor &t = *input->folded;
  if (isFloatType(to)) {
    g.defineConstant(0, ConstTensor::ofFloats(t.shape, t.toFloats()));
  } else if (to == onnx::TensorProto::BOOL) {
    std::vector<int64_t> values;
    for (int64_t i = 0; i < t.size(); ++i)
      values.push_back(t.asDouble(i) != 0);
    g.defineConstant(0, ConstTensor::ofInts(t.shape, std::move(values)));
  } else {
    g.defineConstant(0, ConstTensor::ofInts(t.shape, t.toInts()));
  }
  return success();
}

static LogicalResult importConstant(GraphImporter &g) {
  if (const onnx::AttributeProto *a = g.attr("value")) {
    std::string problem;
    std::optional<ConstTensor> t = readTensorProto(a->t(), problem);
    if (!t)
      return g.error() << "value " << problem;
    g.defineConstant(0, std::move(*t));
  } else if (const onnx::AttributeProto *a = g.attr("value_float")) {
    g.defineConstant(0, ConstTensor::ofFloats({}, {a->f()}));
  } else if (const onnx::AttributeProto *a = g.attr("value_floats")) {
    g.defineConstant(0, ConstTensor::ofFloats(
                            {static_cast<int64_t>(a->floats_size())},
                            {a->floats().begin(), a->floats().end()}));
  } else if (const onnx::AttributeProto *a = g.attr("value_int")) {
    g.defineConstant(0, ConstTensor::ofInts({}, {a->i()}));
  } else if (g.hasAttr("value_ints")) {
    g.defineConstant(0, ConstTensor::vector(g.attrInts("value_ints")));
  } else {
    return g.error() << "only tensor, float and integer constants are "
                        "supported";
  }
  return success();
}

static LogicalResult importConstantOfShape(GraphImporter &g) {
  const ConstTensor *shapeTensor = g.constant(0, "shape");
  if (!shapeTensor)
    return failure();
  Shape shape = toShape(shapeTensor->toInts());
  if (llvm::any_of(shape, [](int64_t d) { return d < 0; }))
    return g.error() << "negative dimension in shape " << shapeStr(shape);
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d && count > kMaxFoldedElements / d)
      return g.error() << "shape " << shapeStr(shape) << " is too large";
    count *= d;
  }
  ConstTensor fill = ConstTensor::ofFloats({}, {0.0f});
  if (const onnx::AttributeProto *a = g.attr("value")) {
    std::string problem;
    std::optional<ConstTensor> t = readTensorProto(a->t(), problem);
    if (!t)
      return g.error() << "value " << problem;
    if (t->size() != 1)
      return g.error() << "value must have one element";
    fill = *t;
  }
  std::vector<int64_t> source(numElements(shape), 0);
  g.defineConstant(0, fill.reshaped({}).select(shape, source));
  return success();
}

static LogicalResult importRange(GraphImporter &g) {
  const ConstTensor *start = g.constant(0, "start");
  const ConstTensor *limit = start ? g.constant(1, "limit") : nullptr;
  const ConstTensor *delta = limit ? g.constant(2, "delta") : nullptr;
  if (!delta)
    return failure();
  if (start->size() != 1 || limit->size() != 1 || delta->size() != 1)
    return g.error() << "start, limit and delta must be scalars";
  double s = start->asDouble(0), l = limit->asDouble(0), d = delta->asDouble(0);
  if (d == 0)
    return g.error() << "delta must not be zero";
  double steps = std::ceil((l - s) / d);
  if (steps > static_cast<double>(kMaxFoldedElements))
    return g.error() << "Range of " << steps << " elements is too large";
  int64_t n = std::max<int64_t>(0, static_cast<int64_t>(steps));
  if (start->isFloat) {
    std::vector<float> values;
    for (int64_t i = 0; i < n; ++i)
      values.push_back(static_cast<float>(s + i * d));
    g.defineConstant(0, ConstTensor::ofFloats({n}, std::move(values)));
  } else {
    std::vector<int64_t> values;
    for (int64_t i = 0; i < n; ++i)
      values.push_back(start->ints[0] + i * delta->ints[0]);
    g.defineConstant(0, ConstTensor::ofInts({n}, std::move(values)));
  }
  return success();
}

static LogicalResult importEqual(GraphImporter &g) {
  if (!g.allInputsConstant())
    return g.error() << "Equal is supported only on tensors known at compile "
                        "time (shape computations)";
  const ConstTensor *a = g.constant(0, "A"), *b = g.constant(1, "B");
  auto shape = nn::broadcastShapes(a->shape, b->shape);
  if (failed(shape))
    return g.error() << "shapes " << shapeStr(a->shape) << " and "
                     << shapeStr(b->shape) << " do not broadcast";
  std::vector<int64_t> ai = broadcastIndices(a->shape, *shape);
  std::vector<int64_t> bi = broadcastIndices(b->shape, *shape);
  std::vector<int64_t> out;
  for (size_t i = 0; i < ai.size(); ++i)
    out.push_back(a->asDouble(ai[i]) == b->asDouble(bi[i]));
  g.defineConstant(0, ConstTensor::ofInts(*shape, std::move(out)));
  return success();
}

static LogicalResult importWhere(GraphImporter &g) {
  if (!g.allInputsConstant())
    return g.error() << "Where is supported only on tensors known at compile "
                        "time (shape computations)";
  const ConstTensor *c = g.constant(0, "condition"), *x = g.constant(1, "X"),
                    *y = g.constant(2, "Y");
  auto xy = nn::broadcastShapes(x->shape, y->shape);
  auto shape = succeeded(xy) ? nn::broadcastShapes(c->shape, *xy) : xy;
  if (failed(shape) || x->isFloat != y->isFloat)
    return g.error() << "condition, X and Y do not broadcast or differ in type";
  std::vector<int64_t> ci = broadcastIndices(c->shape, *shape);
  std::vector<int64_t> xi = broadcastIndices(x->shape, *shape);
  std::vector<int64_t> yi = broadcastIndices(y->shape, *shape);
  ConstTensor out;
  out.isFloat = x->isFloat;
  out.shape = *shape;
  for (size_t i = 0; i < ci.size(); ++i) {
    const ConstTensor *pick = c->asInt(ci[i]) ? x : y;
    int64_t at = c->asInt(ci[i]) ? xi[i] : yi[i];
    if (out.isFloat)
      out.floats.push_back(pick->floats[at]);
    else
      out.ints.push_back(pick->ints[at]);
  }
  g.defineConstant(0, std::move(out));
  return success();
}

void nncc::onnx_import::registerShapeOps(HandlerTable &table) {
  table.add("Shape", 1, importShape);
  table.add("Size", 1, importSize);
  table.add("Gather", 1, importGather);
  table.add("Cast", 1, importCast);
  table.add("Constant", 1, importConstant);
  table.add("ConstantOfShape", 9, importConstantOfShape);
  table.add("Range", 11, importRange);
  table.add("Equal", 1, importEqual);
  table.add("Where", 9, importWhere);
}
