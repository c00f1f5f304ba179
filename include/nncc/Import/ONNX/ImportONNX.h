//===- ImportONNX.h - ONNX model to nn dialect ------------------*- C++ -*-===//
//
// The ONNX frontend: reads a model file, checks it with ONNX's own checker and
// shape inference, folds shape computations and builds one `func` of nn ops.
// Everything it cannot take is reported as nncc diagnostics, never asserted.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_IMPORT_ONNX_IMPORTONNX_H
#define NNCC_IMPORT_ONNX_IMPORTONNX_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/OwningOpRef.h"
#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/Optional.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/StringRef.h"

#include <cstdint>
#include <string>
#include <vector>

namespace nncc {

/// One --input-shape override: dims for the input `name` (empty: the only input).
struct InputShape {
  std::string name;
  llvm::SmallVector<int64_t, 4> dims;
};

/// One --bind-input: the graph input `name` becomes a constant holding the
/// TensorProto stored in the file `path` (as ONNX test data stores inputs).
struct InputBinding {
  std::string name;
  std::string path;
};

/// Parses "NAME=path.pb"; returns llvm::None after printing an nncc error
/// for a malformed string.
llvm::Optional<InputBinding> parseInputBinding(llvm::StringRef text);

/// Parses "NAME:1x3x160x160" or "1x3x160x160"; returns llvm::None after
/// printing an nncc error via nncc::reportError for a malformed string.
llvm::Optional<InputShape> parseInputShape(llvm::StringRef text);

/// Imports the model at `path`; on failure reports diagnostics and returns
/// null. Bound inputs become initializers before ONNX's checker and shape
/// inference run, so shapes computed from them are static.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXFile(llvm::StringRef path, llvm::ArrayRef<InputShape> shapes,
               mlir::MLIRContext &ctx,
               llvm::ArrayRef<InputBinding> bindings = {});

/// Imports a model held in memory (`data`, the serialized ModelProto), as
/// importONNXFile does a file; `path` names the model in diagnostics, and
/// external data is read relative to its folder. For tools and fuzzers that
/// have the bytes already.
mlir::OwningOpRef<mlir::ModuleOp>
importONNXBuffer(llvm::StringRef data, llvm::StringRef path,
                 llvm::ArrayRef<InputShape> shapes, mlir::MLIRContext &ctx);

/// An ONNX operator type the importer takes, from opset `sinceVersion` on
/// (older models are upgraded by ONNX's version converter first).
struct SupportedOp {
  std::string type;
  int sinceVersion;
};

/// Every ONNX operator type the importer has a handler for, sorted by name:
/// the list `nncc --list-ops` prints and README.md's table must match.
std::vector<SupportedOp> supportedONNXOps();

} // namespace nncc

#endif // NNCC_IMPORT_ONNX_IMPORTONNX_H
