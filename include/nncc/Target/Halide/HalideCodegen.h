//===- HalideCodegen.h - nn to object code through Halide -------*- C++ -*-===//
//
// Code generation entry points: every nn op becomes a Halide pipeline with a
// schedule chosen for its kind and shape; the pipelines, their weights, the
// Halide runtime and a C-callable driver function end up in one object.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_TARGET_HALIDE_HALIDECODEGEN_H
#define NNCC_TARGET_HALIDE_HALIDECODEGEN_H

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Support/LogicalResult.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>

namespace nncc {

/// What the user asked code generation for.
struct CodegenOptions {
  /// `host`, a Halide target string (x86-64-linux-avx2-fma, arm-64-linux...)
  /// or a triple (x86_64-linux-gnu, aarch64-linux-gnu).
  std::string target = "host";
  /// The C name of the generated entry point.
  std::string name = "model";
  /// The most bytes the embedded weights, and separately the activation
  /// arena, may take; a larger model is refused with its sizes.
  int64_t memoryLimit = int64_t(4) << 30;
};

/// The artifacts code generation can write.
enum class Artifact { HalideStmt, LLVMIR, Assembly, Object };

/// Checks a --target value, printing one error listing the accepted forms.
mlir::LogicalResult checkTarget(llvm::StringRef target);

/// Turns `name` into a C identifier: invalid characters become '_', and a
/// leading digit gets a '_' prefix.
std::string makeCIdentifier(llvm::StringRef name);

/// Compiles the module's function and writes `artifact` to `os`. Errors are
/// reported as diagnostics on the offending op.
mlir::LogicalResult emitArtifact(mlir::ModuleOp module,
                                 const CodegenOptions &options,
                                 Artifact artifact, llvm::raw_pwrite_stream &os);

/// Writes the C header declaring the entry point for the module's function.
mlir::LogicalResult emitHeader(mlir::ModuleOp module,
                               const CodegenOptions &options,
                               llvm::raw_ostream &os);

} // namespace nncc

#endif // NNCC_TARGET_HALIDE_HALIDECODEGEN_H
