//===- GraphImporter.h - ONNX graph to one nn func ---------------*- C++ -*-===//
//
// The state of importing one checked, shape-inferred ONNX graph, and the
// helpers op handlers use: looking up inputs (runtime values or compile-time
// constants), reading attributes, creating nn ops with the node's location
// and reporting errors against the node.
//
// Op handlers live in Ops*.cpp, one file per op family, and register in a
// table keyed by op type and the opset version their semantics start at.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_IMPORT_ONNX_GRAPHIMPORTER_H
#define NNCC_LIB_IMPORT_ONNX_GRAPHIMPORTER_H

#include "ConstTensor.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/BuiltinTypes.h"
#include "llvm/ADT/StringMap.h"

#include <array>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace onnx {
class ModelProto;
class NodeProto;
class AttributeProto;
} // namespace onnx

namespace nncc {
namespace onnx_import {

/// What an ONNX value name stands for while importing.
struct ImportedValue {
  /// The f32 tensor at run time, or null for a constant not yet needed by an
  /// nn op.
  mlir::Value value;
  /// The contents, when known at compile time.
  std::optional<ConstTensor> folded;
  /// Where the value comes from (its node, or the initializer).
  mlir::Location loc;
  /// Set when this is the output of a Pad the consumer must absorb: `value`
  /// is then the Pad's input and `pads` are [top, left, bottom, right].
  bool pendingPad = false;
  std::array<int64_t, 4> pads = {0, 0, 0, 0};
  /// The Pad's constant value (0, or -inf for a MaxPool-compatible pad).
  float padValue = 0;
  std::string padNode;

  explicit ImportedValue(mlir::Location loc) : loc(loc) {}
  /// The static shape, from the runtime type or the folded tensor.
  Shape shape() const;
};

class GraphImporter;

/// Imports one node; reports errors against it and returns failure.
using OpHandler = mlir::LogicalResult (*)(GraphImporter &);

/// Handlers for one op type, by the opset version their semantics start at.
struct HandlerTable {
  /// Registers `handler` for `opType` from `sinceVersion` on.
  void add(llvm::StringRef opType, int sinceVersion, OpHandler handler);
  /// The handler for `opType` at `opset`, or null when unsupported.
  OpHandler lookup(llvm::StringRef opType, int opset) const;
  /// The single table of all handlers.
  static const HandlerTable &get();
  /// Every op type with a handler and the first opset one applies from.
  std::vector<std::pair<std::string, int>> opTypes() const;

private:
  llvm::StringMap<llvm::SmallVector<std::pair<int, OpHandler>, 2>> entries;
};

void registerConvPoolOps(HandlerTable &table);
void registerElementwiseOps(HandlerTable &table);
void registerShapeOps(HandlerTable &table);
void registerTensorOps(HandlerTable &table);

/// Builds the nn module of a loaded, checked and shape-inferred model.
class GraphImporter {
public:
  GraphImporter(mlir::MLIRContext &ctx, llvm::StringRef file,
                const onnx::ModelProto &model, int opset);

  /// Builds the module; null after reporting errors.
  mlir::OwningOpRef<mlir::ModuleOp> run();

  //===--- For op handlers ------------------------------------------------===//

  const onnx::NodeProto &node() const { return *currentNode; }
  int opset() const { return opsetVersion; }
  mlir::Location loc() const { return currentLoc; }
  mlir::OpBuilder &builder() { return b; }
  mlir::MLIRContext *context() { return &ctx; }

  /// Reports an error against the current node.
  mlir::InFlightDiagnostic error();

  /// Number of inputs, counting empty (omitted optional) ones.
  size_t numInputs() const;
  size_t numOutputs() const;
  /// Whether input `i` is given (present and not the empty name).
  bool hasInput(size_t i) const;
  /// Input `i`, or null after reporting an error when it is missing.
  ImportedValue *input(size_t i);
  /// Input `i` as an f32 tensor for an nn op: constants become nn.constant.
  /// Null after reporting an error (integer data, an unabsorbed Pad).
  mlir::Value operand(size_t i);
  /// Input `i`'s compile-time contents, or null after reporting that the
  /// input, described by `what`, must be a constant.
  const ConstTensor *constant(size_t i, llvm::StringRef what);
  /// Whether every given input is known at compile time.
  bool allInputsConstant() const;

  /// Defines output `i` as a runtime value.
  void define(size_t i, mlir::Value value);
  /// Defines output `i` as a compile-time tensor.
  void defineConstant(size_t i, ConstTensor tensor);
  /// Defines output `i` as the same thing as `value` (Identity, Dropout).
  void defineAlias(size_t i, const ImportedValue &value);
  /// Defines output `i` as a pending Pad of input `value`.
  void definePad(size_t i, const ImportedValue &value,
                 std::array<int64_t, 4> pads, float padValue);

  /// Attribute accessors; defaults apply when the attribute is absent.
  const onnx::AttributeProto *attr(llvm::StringRef name) const;
  bool hasAttr(llvm::StringRef name) const { return attr(name) != nullptr; }
  int64_t attrInt(llvm::StringRef name, int64_t def) const;
  float attrFloat(llvm::StringRef name, float def) const;
  std::string attrString(llvm::StringRef name, llvm::StringRef def) const;
  Shape attrInts(llvm::StringRef name) const;

  /// An f32 tensor type.
  mlir::RankedTensorType tensorType(llvm::ArrayRef<int64_t> shape);
  /// Creates an nn op with the node's location; result types and attributes
  /// given explicitly.
  template <typename OpT>
  OpT create(mlir::TypeRange results, mlir::ValueRange operands,
             llvm::ArrayRef<mlir::NamedAttribute> attrs = {}) {
    return b.create<OpT>(currentLoc, results, operands, attrs);
  }
  mlir::NamedAttribute namedAttr(llvm::StringRef name, mlir::Attribute value);
  mlir::ArrayAttr i64Array(llvm::ArrayRef<int64_t> values);
  /// nn.reshape of `value` to `shape` (no op when the shape is unchanged).
  mlir::Value reshape(mlir::Value value, llvm::ArrayRef<int64_t> shape);

  /// Normalizes a possibly negative axis for `rank`; reports an error and
  /// returns None when out of range.
  std::optional<int64_t> normalizeAxis(int64_t axis, int64_t rank,
                                       llvm::StringRef what = "axis");

private:
  ImportedValue *lookup(llvm::StringRef name);
  mlir::Value materialize(ImportedValue &value, llvm::StringRef name);
  mlir::LogicalResult importNode(const onnx::NodeProto &node, size_t index);
  mlir::Location nodeLoc(const onnx::NodeProto &node, size_t index);

  mlir::MLIRContext &ctx;
  std::string file;
  const onnx::ModelProto &model;
  int opsetVersion;
  mlir::OpBuilder b;
  llvm::StringMap<ImportedValue> values;
  /// Outputs of nodes that no handler defines (BatchNorm's running mean,
  /// MaxPool's indices), by name, with the node that declares them.
  llvm::StringMap<std::string> undefinedOutputs;
  /// Static shapes ONNX shape inference found, to cross-check our own.
  llvm::StringMap<Shape> inferredShapes;
  const onnx::NodeProto *currentNode = nullptr;
  mlir::Location currentLoc;
};

} // namespace onnx_import
} // namespace nncc

#endif // NNCC_LIB_IMPORT_ONNX_GRAPHIMPORTER_H
