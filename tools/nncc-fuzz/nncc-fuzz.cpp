//===- nncc-fuzz.cpp - libFuzzer target for the ONNX frontend ----------===//
//
// Feeds arbitrary bytes through what `nncc --emit=nn-opt` does: parse and
// check the model, import it, verify the module and run the default graph
// pipeline. A bad input must end in diagnostics, never in a crash, a
// sanitizer report, a hang or an unbounded allocation. Code generation is
// left out: Halide's compile per input would cut the rate a hundredfold.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Import/ONNX/ImportONNX.h"
#include "nncc/Pipeline/Pipeline.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Pass/PassManager.h"

#include <cstddef>
#include <cstdint>
#include <cstdlib>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    r->insert<nncc::nn::NNDialect, StandardOpsDialect>();
    return r;
  }();
  // A fresh context per input: attributes are uniqued for the context's
  // lifetime, so one shared context would grow without bound.
  MLIRContext ctx(*registry, MLIRContext::Threading::DISABLED);
  ctx.loadAllAvailableDialects();
  bool verbose = std::getenv("NNCC_FUZZ_VERBOSE") != nullptr;
  ScopedDiagnosticHandler quiet(&ctx, [&](Diagnostic &diag) {
    if (verbose)
      llvm::errs() << diag << "\n";
    return success();
  });

  // The folder does not exist, so external data is always refused and an
  // input never reads files around the fuzzer.
  OwningOpRef<ModuleOp> module = nncc::importONNXBuffer(
      llvm::StringRef(reinterpret_cast<const char *>(data), size),
      "/nonexistent-nncc-fuzz/model.onnx", {}, ctx);
  if (!module)
    return 0;
  // The importer verifies what it built; a module that fails to verify here
  // would be an importer bug the pipeline must not see.
  if (failed(verify(*module)))
    abort();
  PassManager pm(&ctx);
  nncc::buildDefaultPipeline(pm);
  (void)pm.run(*module);
  return 0;
}
