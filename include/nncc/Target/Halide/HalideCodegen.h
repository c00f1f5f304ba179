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
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/raw_ostream.h"

#include <cstdint>
#include <string>
#include <vector>

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
  /// Time every kernel call and add <name>_profile_* functions reading the
  /// times to the object and header (`nncc --profile`).
  bool profile = false;
  /// Threads the object's layers are split for: every parallel loop runs as
  /// this many tasks of contiguous rows or pixel bands, so a thread keeps
  /// working on the same part of the image from layer to layer (a 1x1 layer
  /// with far more weights than pixels splits its output channels instead).
  /// The object uses at most this many threads.
  int threads = 2;
  /// How the target's cores run 512-bit FMAs, which tunes AVX-512 register
  /// tiles: as two 256-bit halves (AMD Zen 4), at full width (AMD Zen 5), or
  /// at full width beside two 512-bit loads a cycle (Intel Xeon). Auto: the
  /// host's kind when the target is the host, full otherwise.
  enum class WideFMA { Auto, Split, Full, Intel };
  WideFMA wideFMA = WideFMA::Auto;
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

/// One kernel call of the planned function, in the order the entry point
/// runs them: what the model report shows of code generation.
struct KernelCallInfo {
  /// The nn op the call computes (a grouped convolution runs one call per
  /// group); null for the copy of a value into a graph output.
  mlir::Operation *op = nullptr;
  /// Ops next to op that the call computes too, inside its kernel: the one
  /// producing op's input (MobileNet V2's expansion, a first convolution
  /// inside its max pool) and a residual add reading op's result.
  llvm::SmallVector<mlir::Operation *, 2> absorbed;
  /// Where the call's output lives: in the activation arena or in the
  /// user's output buffer.
  enum class Place { Arena, Output } place = Place::Arena;
  /// Byte offset of the output from the start of the arena (Arena only).
  int64_t outputOffset = 0;
  /// Bytes the call writes, and bytes of all its inputs (weights included).
  int64_t bytesWritten = 0, bytesRead = 0;
  /// Call indices of the first and last use of the arena buffer holding the
  /// output (Arena only): its lifetime.
  unsigned firstUse = 0, lastUse = 0;
  /// True for kernels that only move data (transpose, channel shuffle,
  /// concat, reshape copies, copies into outputs).
  bool isCopy = false;
};

/// The kernel calls and the arena size of the module's function.
struct PlanSummary {
  std::vector<KernelCallInfo> calls;
  int64_t arenaBytes = 0;
};

/// Plans the module's function for `options.target` without compiling any
/// kernel and summarizes the plan. Errors are reported as diagnostics.
mlir::FailureOr<PlanSummary> summarizePlan(mlir::ModuleOp module,
                                           const CodegenOptions &options);

} // namespace nncc

#endif // NNCC_TARGET_HALIDE_HALIDECODEGEN_H
