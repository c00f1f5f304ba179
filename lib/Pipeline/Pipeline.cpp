//===- Pipeline.cpp - the default nn graph pipeline --------------------===//
//
// The order matters: batch norms must be folded before activations can reach
// the convs they follow, and both before a depthwise conv's only user can be
// the 1x1 conv it fuses with. Canonicalization and CSE clean up the dead
// constants and reshapes the rewrites leave behind.
//
//===----------------------------------------------------------------------===//

#include "nncc/Pipeline/Pipeline.h"
#include "nncc/Dialect/NN/Transforms/Passes.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;

void nncc::buildDefaultPipeline(OpPassManager &pm) {
  OpPassManager &fn = pm.nest<FuncOp>();
  fn.addPass(nn::createFoldBatchNormPass());
  fn.addPass(nn::createFuseActivationPass());
  fn.addPass(nn::createFuseDepthwisePointwisePass());
  fn.addPass(nn::createRecognizeChannelShufflePass());
  fn.addPass(createCanonicalizerPass());
  fn.addPass(createCSEPass());
}

void nncc::registerPipelines() {
  nn::registerNNPasses();
  PassPipelineRegistration<>(
      "nncc-default", "The graph passes nncc runs before code generation",
      [](OpPassManager &pm) { buildDefaultPipeline(pm); });
}
