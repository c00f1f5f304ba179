//===- Pipeline.cpp - the default nn graph pipeline --------------------===//

#include "nncc/Pipeline/Pipeline.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void nncc::buildDefaultPipeline(OpPassManager &pm) {
  OpPassManager &fn = pm.nest<FuncOp>();
  fn.addPass(createCanonicalizerPass());
  fn.addPass(createCSEPass());
}

void nncc::registerPipelines() {
  PassPipelineRegistration<>(
      "nncc-default", "The graph passes nncc runs before code generation",
      [](OpPassManager &pm) { buildDefaultPipeline(pm); });
}
