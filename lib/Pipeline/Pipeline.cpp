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
#include "llvm/Support/CommandLine.h"

#include <memory>
#include <vector>

using namespace mlir;

void nncc::buildDefaultPipeline(OpPassManager &pm) {
  OpPassManager &fn = pm.nest<FuncOp>();
  fn.addPass(nn::createFoldBatchNormPass());
  fn.addPass(nn::createFuseActivationPass());
  fn.addPass(nn::createFuseDepthwisePointwisePass());
  fn.addPass(nn::createRecognizeChannelShufflePass());
  fn.addPass(nn::createLowerChannelShufflePass());
  fn.addPass(createCanonicalizerPass());
  fn.addPass(createCSEPass());
}

void nncc::registerPipelines() {
  nn::registerNNPasses();
  PassPipelineRegistration<>(
      "nncc-default", "The graph passes nncc runs before code generation",
      [](OpPassManager &pm) { buildDefaultPipeline(pm); });
}

void nncc::registerIRPrintingFlagAliases() {
  registerPassManagerCLOptions();
  static std::vector<std::unique_ptr<llvm::cl::alias>> aliases;
  if (!aliases.empty())
    return;
  static const std::pair<const char *, const char *> spellings[] = {
      {"mlir-print-ir-before", "print-ir-before"},
      {"mlir-print-ir-before-all", "print-ir-before-all"},
      {"mlir-print-ir-after", "print-ir-after"},
      {"mlir-print-ir-after-all", "print-ir-after-all"},
      {"mlir-print-ir-after-change", "print-ir-after-change"},
      {"mlir-print-ir-after-failure", "print-ir-after-failure"},
      {"mlir-print-ir-module-scope", "print-ir-module-scope"}};
  auto &options = llvm::cl::getRegisteredOptions();
  for (auto [alias, name] : spellings) {
    auto it = options.find(name);
    if (it == options.end() || options.count(alias))
      continue;
    aliases.push_back(std::make_unique<llvm::cl::alias>(
        llvm::StringRef(alias), llvm::cl::aliasopt(*it->second)));
  }
}
