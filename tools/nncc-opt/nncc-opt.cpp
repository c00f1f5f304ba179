//===- nncc-opt.cpp - MLIR opt driver for the nn dialect ---------------===//
//
// Runs nn passes on .mlir files; the lit suite's workhorse. Only the dialects
// nn graphs use are registered.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Pipeline/Pipeline.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/Dialect.h"
#include "mlir/Support/MlirOptMain.h"
#include "mlir/Transforms/Passes.h"

int main(int argc, char **argv) {
  mlir::registerCanonicalizerPass();
  mlir::registerCSEPass();
  mlir::registerSymbolDCEPass();
  nncc::registerPipelines();
  nncc::registerIRPrintingFlagAliases();

  mlir::DialectRegistry registry;
  registry.insert<nncc::nn::NNDialect, mlir::StandardOpsDialect>();
  return mlir::asMainReturnCode(
      mlir::MlirOptMain(argc, argv, "nncc optimizer driver\n", registry,
                        /*preloadDialectsInContext=*/false));
}
