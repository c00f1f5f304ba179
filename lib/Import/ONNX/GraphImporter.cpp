//===- GraphImporter.cpp - ONNX graph to one nn func ----------------------===//
//
// Walks the (topologically sorted) nodes of a checked model once. Every ONNX
// value becomes either a runtime f32 SSA value or a compile-time tensor;
// constants turn into nn.constant only when an nn op reads them, so shape
// subgraphs and attribute-like inputs leave nothing behind.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "ModelLoader.h"

#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Support/Diagnostics.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Verifier.h"
#include "llvm/ADT/StringSet.h"

#include "onnx/onnx_pb.h"

#include <algorithm>

using namespace mlir;
using namespace nncc;
using namespace nncc::onnx_import;

//===----------------------------------------------------------------------===//
// Handler table
//===----------------------------------------------------------------------===//

void HandlerTable::add(StringRef opType, int sinceVersion, OpHandler handler) {
  auto &list = entries[opType];
  list.push_back({sinceVersion, handler});
  llvm::sort(list, [](auto &a, auto &b) { return a.first < b.first; });
}

OpHandler HandlerTable::lookup(StringRef opType, int opset) const {
  auto it = entries.find(opType);
  if (it == entries.end())
    return nullptr;
  OpHandler found = nullptr;
  for (auto &[since, handler] : it->second)
    if (since <= opset)
      found = handler;
  return found;
}

std::vector<std::pair<std::string, int>> HandlerTable::opTypes() const {
  std::vector<std::pair<std::string, int>> types;
  for (const auto &entry : entries)
    types.emplace_back(entry.getKey().str(), entry.getValue().front().first);
  llvm::sort(types);
  return types;
}

const HandlerTable &HandlerTable::get() {
  static const HandlerTable table = [] {
    HandlerTable t;
    registerConvPoolOps(t);
    registerElementwiseOps(t);
    registerShapeOps(t);
    registerTensorOps(t);
    return t;
  }();
  return table;
}

//===----------------------------------------------------------------------===//
// ImportedValue
//===----------------------------------------------------------------------===//

Shape ImportedValue::shape() const {
  if (value) {
    auto type = value.getType().cast<ShapedType>();
    return Shape(type.getShape().begin(), type.getShape().end());
  }
  return folded->shape;
}

//===----------------------------------------------------------------------===//
// GraphImporter
//===----------------------------------------------------------------------===//

GraphImporter::GraphImporter(MLIRContext &ctx, StringRef file,
                             const onnx::ModelProto &model, int opset)
    : ctx(ctx), file(file.str()), model(model), opsetVersion(opset), b(&ctx),
      currentLoc(fileLoc(&ctx, file)) {}

/// A C identifier from the graph name, for the function.
static std::string functionName(const std::string &graphName) {
  std::string name;
  for (char c : graphName)
    name += (std::isalnum(static_cast<unsigned char>(c)) || c == '_') ? c : '_';
  if (name.empty())
    return "main_graph";
  if (std::isdigit(static_cast<unsigned char>(name[0])))
    name = "_" + name;
  return name;
}

/// The static dims of a value_info, or None if any is unknown.
static std::optional<Shape> staticShape(const onnx::ValueInfoProto &info) {
  if (!info.type().has_tensor_type() ||
      !info.type().tensor_type().has_shape())
    return std::nullopt;
  Shape shape;
  for (const auto &dim : info.type().tensor_type().shape().dim()) {
    if (!dim.has_dim_value() || dim.dim_value() < 0)
      return std::nullopt;
    shape.push_back(dim.dim_value());
  }
  return shape;
}

Location GraphImporter::nodeLoc(const onnx::NodeProto &node, size_t index) {
  std::string name = node.name();
  if (name.empty())
    for (const std::string &output : node.output())
      if (!output.empty()) {
        name = output;
        break;
      }
  if (name.empty())
    name = node.op_type() + "_" + std::to_string(index);
  return onnxNodeLoc(&ctx, file, name, node.op_type());
}

OwningOpRef<ModuleOp> GraphImporter::run() {
  Location moduleLoc = fileLoc(&ctx, file);
  OwningOpRef<ModuleOp> module = ModuleOp::create(moduleLoc);
  const onnx::GraphProto &graph = model.graph();

  for (const onnx::TensorProto &init : graph.initializer()) {
    std::string problem;
    std::optional<ConstTensor> tensor = readTensorProto(init, problem);
    if (!tensor) {
      emitError(moduleLoc) << "initializer '" << init.name() << "' "
                           << problem;
      return nullptr;
    }
    ImportedValue value(onnxNodeLoc(&ctx, file, init.name(), "initializer"));
    value.folded = std::move(*tensor);
    values.insert_or_assign(init.name(), std::move(value));
  }

  // Graph inputs that are also initializers (older exporters list weights as
  // inputs) are constants, not function arguments.
  SmallVector<Type> argTypes;
  SmallVector<std::string> argNames;
  for (const onnx::ValueInfoProto &input : graph.input()) {
    if (values.count(input.name()))
      continue;
    std::optional<Shape> shape = staticShape(input);
    if (!shape) {
      emitError(moduleLoc) << "input '" << input.name()
                           << "' has no static shape";
      return nullptr;
    }
    argTypes.push_back(tensorType(*shape));
    argNames.push_back(input.name());
  }

  for (const onnx::ValueInfoProto &info : graph.value_info())
    if (std::optional<Shape> shape = staticShape(info))
      inferredShapes[info.name()] = *shape;
  for (const onnx::ValueInfoProto &info : graph.output())
    if (std::optional<Shape> shape = staticShape(info))
      inferredShapes[info.name()] = *shape;

  auto func = FuncOp::create(moduleLoc, functionName(graph.name()),
                             FunctionType::get(&ctx, argTypes, {}));
  module->push_back(func);
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToEnd(entry);
  for (auto it : llvm::enumerate(argNames)) {
    func.setArgAttr(it.index(), "nn.name", b.getStringAttr(it.value()));
    ImportedValue value(onnxNodeLoc(&ctx, file, it.value(), "input"));
    value.value = entry->getArgument(it.index());
    values.insert_or_assign(it.value(), std::move(value));
  }

  for (auto it : llvm::enumerate(graph.node()))
    if (failed(importNode(it.value(), it.index())))
      return nullptr;

  currentNode = nullptr;
  currentLoc = moduleLoc;
  // A function without results computes nothing, and two results of one
  // name would make the header's documentation ambiguous.
  if (graph.output_size() == 0) {
    emitError(moduleLoc) << "the graph has no outputs";
    return nullptr;
  }
  llvm::StringSet<> outputNames;
  for (const onnx::ValueInfoProto &output : graph.output())
    if (!outputNames.insert(output.name()).second) {
      emitError(moduleLoc) << "graph output '" << output.name()
                           << "' is listed twice";
      return nullptr;
    }
  SmallVector<Value> results;
  for (const onnx::ValueInfoProto &output : graph.output()) {
    auto undefined = undefinedOutputs.find(output.name());
    if (undefined != undefinedOutputs.end()) {
      emitError(moduleLoc) << "graph output '" << output.name()
                           << "' is an output of node '" << undefined->second
                           << "' that nncc does not support (inference uses "
                              "only its first output)";
      return nullptr;
    }
    auto found = values.find(output.name());
    if (found == values.end()) {
      emitError(moduleLoc) << "graph output '" << output.name()
                           << "' is not defined by any node, input or "
                              "initializer";
      return nullptr;
    }
    ImportedValue *value = &found->second;
    if (value->pendingPad) {
      emitError(value->loc) << "graph output '" << output.name()
                            << "' is a Pad; nncc folds a Pad only into a "
                               "following Conv, AveragePool or MaxPool";
      return nullptr;
    }
    Value result = materialize(*value, output.name());
    if (!result)
      return nullptr;
    results.push_back(result);
  }
  b.create<ReturnOp>(moduleLoc, results);
  func.setType(FunctionType::get(&ctx, argTypes, ValueRange(results).getTypes()));
  for (auto it : llvm::enumerate(graph.output()))
    func.setResultAttr(it.index(), "nn.name",
                       b.getStringAttr(it.value().name()));

  // Constants read only by folded shape computations, and ops whose results
  // nothing uses, are dropped.
  for (Operation &op : llvm::make_early_inc_range(llvm::reverse(*entry)))
    if (!isa<ReturnOp>(op) && op.use_empty())
      op.erase();

  // A verifier failure here is a model the handlers let through (e.g. Gemm
  // operands that do not multiply): the node's location says where, and a
  // dump of the op would not help the user.
  bool printOp = ctx.shouldPrintOpOnDiagnostic();
  ctx.printOpOnDiagnostic(false);
  LogicalResult verified = verify(*module);
  ctx.printOpOnDiagnostic(printOp);
  if (failed(verified))
    return nullptr;
  return module;
}

LogicalResult GraphImporter::importNode(const onnx::NodeProto &node,
                                        size_t index) {
  currentNode = &node;
  currentLoc = nodeLoc(node, index);
  OpHandler handler = nullptr;
  if (node.domain().empty() || node.domain() == "ai.onnx")
    handler = HandlerTable::get().lookup(node.op_type(), opsetVersion);
  if (!handler)
    return error() << "unsupported operator";
  if (failed(handler(*this)))
    return failure();
  for (const std::string &output : node.output()) {
    if (output.empty())
      continue;
    auto it = values.find(output);
    if (it == values.end()) {
      undefinedOutputs[output] = node.name();
      continue;
    }
    if (it->second.value &&
        failed(checkElementCount(currentLoc, "output '" + output + "'",
                                 it->second.shape())))
      return failure();
    auto inferred = inferredShapes.find(output);
    // A pending Pad still has its input's shape until a consumer absorbs it.
    if (inferred == inferredShapes.end() || it->second.pendingPad)
      continue;
    Shape ours = it->second.shape();
    if (ours != inferred->second)
      return error() << "nncc computed shape " << shapeStr(ours)
                     << " for output '" << output
                     << "' but ONNX shape inference gives "
                     << shapeStr(inferred->second);
  }
  return success();
}

InFlightDiagnostic GraphImporter::error() { return emitError(currentLoc); }

size_t GraphImporter::numInputs() const { return currentNode->input_size(); }
size_t GraphImporter::numOutputs() const { return currentNode->output_size(); }

bool GraphImporter::hasInput(size_t i) const {
  return i < static_cast<size_t>(currentNode->input_size()) &&
         !currentNode->input(i).empty();
}

ImportedValue *GraphImporter::lookup(StringRef name) {
  auto it = values.find(name);
  if (it != values.end())
    return &it->second;
  auto undefined = undefinedOutputs.find(name);
  if (undefined != undefinedOutputs.end())
    error() << "uses '" << name << "', an output of node '"
            << undefined->second
            << "' that nncc does not support (inference uses only its "
               "first output)";
  else
    error() << "uses '" << name << "', which no node defines";
  return nullptr;
}

ImportedValue *GraphImporter::input(size_t i) {
  if (!hasInput(i)) {
    error() << "input " << i << " is missing";
    return nullptr;
  }
  return lookup(currentNode->input(i));
}

Value GraphImporter::materialize(ImportedValue &value, StringRef name) {
  if (value.value)
    return value.value;
  const ConstTensor &tensor = *value.folded;
  if (!tensor.isFloat) {
    error() << "integer tensor '" << name
            << "' is used as data; nncc computes on f32 tensors only";
    return nullptr;
  }
  auto type = tensorType(tensor.shape);
  auto attr = DenseElementsAttr::get(type, llvm::makeArrayRef(tensor.floats));
  value.value =
      b.create<nn::ConstantOp>(value.loc, TypeRange{type}, ValueRange{},
                               ArrayRef<NamedAttribute>{
                                   namedAttr("value", attr)})
          .getResult();
  return value.value;
}

Value GraphImporter::operand(size_t i) {
  ImportedValue *value = input(i);
  if (!value)
    return nullptr;
  if (value->pendingPad) {
    error() << "reads the output of Pad node '" << value->padNode
            << "'; nncc folds a Pad only into a following Conv, AveragePool "
               "or MaxPool";
    return nullptr;
  }
  return materialize(*value, currentNode->input(i));
}

const ConstTensor *GraphImporter::constant(size_t i, StringRef what) {
  ImportedValue *value = input(i);
  if (!value)
    return nullptr;
  if (value->folded && !value->pendingPad)
    return &*value->folded;
  error() << "the " << what << " input '" << currentNode->input(i)
          << "' must be a constant or computable from shapes";
  return nullptr;
}

bool GraphImporter::allInputsConstant() const {
  for (size_t i = 0; i < numInputs(); ++i) {
    if (!hasInput(i))
      continue;
    auto it = values.find(currentNode->input(i));
    if (it == values.end() || !it->second.folded || it->second.pendingPad)
      return false;
  }
  return true;
}

void GraphImporter::define(size_t i, Value value) {
  ImportedValue imported(currentLoc);
  imported.value = value;
  values.insert_or_assign(currentNode->output(i), std::move(imported));
}

void GraphImporter::defineConstant(size_t i, ConstTensor tensor) {
  ImportedValue imported(currentLoc);
  imported.folded = std::move(tensor);
  values.insert_or_assign(currentNode->output(i), std::move(imported));
}

void GraphImporter::defineAlias(size_t i, const ImportedValue &value) {
  ImportedValue copy = value;
  values.insert_or_assign(currentNode->output(i), std::move(copy));
}

void GraphImporter::definePad(size_t i, const ImportedValue &value,
                              std::array<int64_t, 4> pads, float padValue) {
  ImportedValue imported(currentLoc);
  imported.value = value.value;
  imported.pendingPad = true;
  imported.pads = pads;
  imported.padValue = padValue;
  imported.padNode = currentNode->name();
  values.insert_or_assign(currentNode->output(i), std::move(imported));
}

const onnx::AttributeProto *GraphImporter::attr(StringRef name) const {
  for (const onnx::AttributeProto &a : currentNode->attribute())
    if (a.name() == name)
      return &a;
  return nullptr;
}

int64_t GraphImporter::attrInt(StringRef name, int64_t def) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->i() : def;
}

float GraphImporter::attrFloat(StringRef name, float def) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->f() : def;
}

std::string GraphImporter::attrString(StringRef name, StringRef def) const {
  const onnx::AttributeProto *a = attr(name);
  return a ? a->s() : def.str();
}

Shape GraphImporter::attrInts(StringRef name) const {
  const onnx::AttributeProto *a = attr(name);
  if (!a)
    return {};
  return Shape(a->ints().begin(), a->ints().end());
}

RankedTensorType GraphImporter::tensorType(ArrayRef<int64_t> shape) {
  return RankedTensorType::get(shape, b.getF32Type());
}

NamedAttribute GraphImporter::namedAttr(StringRef name, Attribute value) {
  return b.getNamedAttr(name, value);
}

ArrayAttr GraphImporter::i64Array(ArrayRef<int64_t> values) {
  return b.getI64ArrayAttr(values);
}

Value GraphImporter::reshape(Value value, ArrayRef<int64_t> shape) {
  auto type = tensorType(shape);
  if (value.getType() == type)
    return value;
  return create<nn::ReshapeOp>(type, value).getResult();
}

std::optional<int64_t> GraphImporter::normalizeAxis(int64_t axis, int64_t rank,
                                                    StringRef what) {
  if (axis < -rank || axis >= rank) {
    error() << what << " " << axis << " is out of range for rank " << rank;
    return std::nullopt;
  }
  return axis < 0 ? axis + rank : axis;
}
