//===- Diagnostics.h - nncc's one error format ------------------*- C++ -*-===//
//
// Every user-facing error reads
//   nncc: error: <file>[: node '<name>' (<op>)]: <what is wrong>
// followed by optional `note:` lines. Imported ops carry their ONNX node in
// their location so diagnostics raised anywhere later can name it.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_SUPPORT_DIAGNOSTICS_H
#define NNCC_SUPPORT_DIAGNOSTICS_H

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/StringRef.h"

namespace nncc {

/// The location of ONNX node `name` of type `opType` in the model `file`:
/// `loc(fused<"Conv">["conv1", "model.onnx":0:0])`.
mlir::Location onnxNodeLoc(mlir::MLIRContext *ctx, llvm::StringRef file,
                           llvm::StringRef name, llvm::StringRef opType);

/// The location of a whole input file.
mlir::Location fileLoc(mlir::MLIRContext *ctx, llvm::StringRef file);

/// "model.onnx: node 'conv1' (Conv)" or "model.mlir:3:5" for a location.
std::string describeLocation(mlir::Location loc);

/// Prints diagnostics in nncc's format to stderr while alive.
class DiagnosticPrinter {
public:
  explicit DiagnosticPrinter(mlir::MLIRContext &ctx);
  ~DiagnosticPrinter();
  /// Number of errors printed so far.
  unsigned errorCount() const { return errors; }

private:
  mlir::MLIRContext &ctx;
  mlir::DiagnosticEngine::HandlerID id;
  unsigned errors = 0;
};

/// Prints `nncc: error: <message>` for errors outside any location.
void reportError(const llvm::Twine &message);

} // namespace nncc

#endif // NNCC_SUPPORT_DIAGNOSTICS_H
