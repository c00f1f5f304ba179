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
#include <memory>

using namespace mlir;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
  static DialectRegistry *registry = [] {
    auto *r = new DialectRegistry;
    r->insert<nncc::nn::NNDialect, StandardOpsDialect>();
    return r;
  }();
  // Attributes and types are uniqued for a context's lifetime, so one
  // context for the whole campaign would grow without bound; a fresh one per
  // input would cost more than the input. Renew it every 256 inputs.
  static std::unique_ptr<MLIRContext> shared;
  static unsigned uses = 0;
  if (!shared || ++uses % 256 == 0) {
    shared.reset();
    shared = std::make_unique<MLIRContext>(*registry,
                                           MLIRContext::Threading::DISABLED);
    shared->loadAllAvailableDialects();
    static bool verbose = std::getenv("NNCC_FUZZ_VERBOSE") != nullptr;
    shared->getDiagEngine().registerHandler([](Diagnostic &diag) {
      if (verbose)
        llvm::errs() << diag << "\n";
      return success();
    });
  }
  MLIRContext &ctx = *shared;

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
