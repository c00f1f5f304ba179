//===- Report.h - per-layer cost report of a network ------------*- C++ -*-===//
//
// The model report (`nncc --report`): what each layer costs in parameters,
// multiply-accumulates and memory traffic, both as the user's graph was
// imported and as the compiled network will run (after the graph passes, with
// the arena placement code generation chose), plus notes on the ShuffleNet V2
// design guidelines. Counting follows one convention everywhere: MACs of
// Conv and Gemm/MatMul only; parameters as torchvision counts them (weights,
// biases, batch-norm scale and bias, not running statistics).
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_ANALYSIS_REPORT_H
#define NNCC_ANALYSIS_REPORT_H

#include "nncc/Target/Halide/HalideCodegen.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/Operation.h"
#include "llvm/ADT/Optional.h"
#include "llvm/Support/Error.h"
#include "llvm/Support/JSON.h"
#include "llvm/Support/raw_ostream.h"

#include <string>
#include <vector>

namespace nncc {

/// Version of the JSON document `--report-json` writes; bumped whenever a
/// key changes meaning or disappears.
constexpr int reportSchemaVersion = 1;

/// What one nn op costs by the report's counting convention.
struct OpCost {
  /// Elements of the op's learned parameter operands.
  int64_t params = 0;
  /// Multiply-accumulates (convolutions and matrix products only).
  int64_t macs = 0;
  /// Memory access cost in elements: for 1x1 convolutions the ShuffleNet V2
  /// definition hw*c1 + hw*c2 + c1*c2/g, otherwise every element read
  /// (weights included) and written.
  int64_t memoryAccess = 0;
};

/// Costs of `op`; zero for ops that are not layers (constants, return).
OpCost costOf(mlir::Operation *op);

/// The operands of `op` that count as learned parameters.
llvm::SmallVector<mlir::Value, 4> parameterOperands(mlir::Operation *op);

/// True for element-wise ops (activations, batch norm, arithmetic such as
/// shortcut additions): the ops of the ShuffleNet V2 guideline G4.
bool isElementwise(mlir::Operation *op);

/// A short description of the op's window: "3x3 s2 dw", "1x1 g3", "1024->1000".
std::string kernelDescription(mlir::Operation *op);

/// The ONNX nodes an op covers, from its (possibly fused) location.
std::vector<std::string> onnxNodes(mlir::Location loc);

/// One layer of the imported graph.
struct ImportedLayer {
  std::vector<std::string> nodes;
  std::string op, kernel;
  /// Shape of the first non-constant operand and of the first result.
  std::vector<int64_t> inputShape, outputShape;
  /// Parameters here count each constant at its first use only.
  OpCost cost;
  bool elementwise = false;
};

/// One layer group of the compiled network (a fused op, or a copy into a
/// graph output) with what the plan decided for it.
struct CompiledLayer {
  std::vector<std::string> nodes;
  std::string op, kernel;
  /// Parameters after folding, each constant counted at its first use.
  int64_t params = 0;
  int64_t macs = 0;
  int64_t bytesRead = 0, bytesWritten = 0;
  /// Kernel calls (a grouped convolution runs one per group); 0 for views.
  unsigned calls = 0;
  /// Their indices in the order the entry point runs them.
  std::vector<unsigned> callIndices;
  /// Measured milliseconds of those calls, the sum of each call's median
  /// (with measured times).
  double ms = 0;
  /// Where the output lives: "arena", "output" (the user's buffer) or
  /// "view" (no kernel: it reads another tensor's memory).
  std::string placement;
  /// Arena bytes of the output and their offset; the call indices of the
  /// first and last use of its buffer (placement "arena" only).
  int64_t arenaOffset = 0, arenaBytes = 0;
  unsigned firstUse = 0, lastUse = 0;
  /// True when the layer only moves data.
  bool copy = false;
  bool elementwise = false;
};

/// A ShuffleNet V2 guideline a layer or the network runs against.
struct GuidelineNote {
  /// "G1" .. "G4".
  std::string guideline;
  std::string message;
  /// Indices of the layers concerned in the view the note is about.
  std::vector<unsigned> layers;
  /// "imported" or "compiled".
  std::string view;
};

/// Times measured by running a profiling build (`nncc --profile`) of the
/// network, as `nncc-run --profile` writes them: medians over `runs` timed
/// runs after `warmupRuns` untimed ones.
struct MeasuredTimes {
  unsigned runs = 0, warmupRuns = 0;
  /// Milliseconds of the whole entry point call, as its caller measured it.
  double totalMs = 0;
  /// Milliseconds of each kernel call, in call order.
  std::vector<double> callMs;
  /// The fraction of a run spent in kernel calls.
  double kernelShare = 0;
};

/// The whole report.
struct ModelReport {
  std::string file, target;
  std::vector<ImportedLayer> imported;
  OpCost importedTotals;
  std::vector<CompiledLayer> compiled;
  int64_t compiledParams = 0, compiledMacs = 0, bytesRead = 0,
          bytesWritten = 0, peakArenaBytes = 0, copyBytes = 0;
  unsigned kernelCalls = 0;
  std::vector<GuidelineNote> notes;
  /// Set when times measured on a run were added (addMeasuredTimes).
  llvm::Optional<MeasuredTimes> measured;
  /// Sum of the compiled layers' measured milliseconds.
  double kernelMs = 0;
};

/// Fills the imported view from the function as imported.
void analyzeImported(mlir::FuncOp func, ModelReport &report);

/// Fills the compiled view from the function after the default pipeline and
/// the summary of its code generation plan.
void analyzeCompiled(mlir::FuncOp func, const PlanSummary &plan,
                     ModelReport &report);

/// Adds the notes of guidelines G1-G3, which judge the network's design:
/// `func` is the function as imported, whose layers `report.imported` lists.
void checkImportedGuidelines(mlir::FuncOp func, ModelReport &report);

/// Adds the note of guideline G4, judged on the bytes the compiled network
/// moves (element-wise ops fused into their producer move nothing).
void checkCompiledGuidelines(ModelReport &report);

/// Reads the measured times in the JSON file at `path` (README.md documents
/// it) and adds them to the compiled view: each layer's milliseconds are its
/// kernel calls' (0 for views). Fails when the file is unreadable, malformed
/// or times a different number of kernel calls than the plan makes.
llvm::Error addMeasuredTimes(llvm::StringRef path, ModelReport &report);

/// Prints both views, the totals and the notes as text; with measured times
/// the as-run view adds ms and GMAC/s columns and the measured total.
void printReport(const ModelReport &report, llvm::raw_ostream &os);

/// The report as the versioned JSON document described in README.md.
llvm::json::Value reportToJSON(const ModelReport &report);

} // namespace nncc

#endif // NNCC_ANALYSIS_REPORT_H
