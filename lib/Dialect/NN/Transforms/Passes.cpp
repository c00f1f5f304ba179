//===- Passes.cpp - nn pass registration -------------------------------===//

#include "nncc/Dialect/NN/Transforms/Passes.h"

namespace {
#define GEN_PASS_REGISTRATION
#include "nncc/Dialect/NN/Transforms/Passes.h.inc"
} // namespace

void nncc::nn::registerNNPasses() { ::registerNNPasses(); }
