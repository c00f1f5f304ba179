//===- PlanSummary.cpp - the plan as the model report sees it -----------===//
//
// Exposes what the plan decided (per kernel call: where its output lives in
// the arena, for how long, and how many bytes it moves) without exposing the
// plan itself, so the report stays independent of the planner's internals.
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "Target.h"
#include "nncc/Dialect/NN/IR/NNOps.h"
#include "nncc/Target/Halide/HalideCodegen.h"

using namespace nncc;
using namespace mlir;

static int64_t bytesOf(const Storage &s) {
  int64_t n = 4;
  for (const Dim &d : s.dims)
    n *= d.extent;
  return n;
}

/// Kernels that compute nothing: every output element is an input element.
static bool isDataMovement(Operation *op) {
  return !op || isa<nn::ConcatOp, nn::TransposeOp, nn::ChannelShuffleOp,
                    nn::ReshapeOp, nn::FlattenOp, nn::SliceOp, nn::SplitOp>(
                    op);
}

FailureOr<PlanSummary> nncc::summarizePlan(ModuleOp module,
                                           const CodegenOptions &options) {
  auto funcs = llvm::to_vector<1>(module.getOps<FuncOp>());
  if (funcs.size() != 1) {
    module.emitError("code generation needs exactly one function, found ")
        << funcs.size();
    return failure();
  }
  Optional<Halide::Target> target = parseTarget(options.target);
  if (!target) {
    funcs.front().emitError("unknown target '")
        << options.target << "' (accepted: " << acceptedTargets << ")";
    return failure();
  }
  FailureOr<Plan> plan =
      planFunction(funcs.front(), *target, options.threads, wideFMAOf(options));
  if (failed(plan))
    return failure();

  // Lifetimes of arena buffers, as the planner's allocator sees them.
  std::vector<std::pair<unsigned, unsigned>> lifetime(
      plan->arenaOffsets.size(), {~0u, 0u});
  for (auto it : llvm::enumerate(plan->calls))
    for (const Storage &s : it.value().args)
      if (s.base == Storage::Base::Arena) {
        auto &[first, last] = lifetime[s.index];
        first = std::min<unsigned>(first, it.index());
        last = std::max<unsigned>(last, it.index());
      }

  PlanSummary summary;
  summary.arenaBytes = plan->arenaBytes;
  for (const Call &call : plan->calls) {
    KernelCallInfo info;
    info.op = call.op;
    info.absorbed = call.absorbed;
    const Storage &out = call.args.back();
    for (unsigned i = 0; i + 1 < call.args.size(); ++i)
      info.bytesRead += bytesOf(call.args[i]);
    info.bytesWritten = bytesOf(out);
    info.isCopy = isDataMovement(call.op);
    if (out.base == Storage::Base::Arena) {
      info.place = KernelCallInfo::Place::Arena;
      info.outputOffset = plan->arenaOffsets[out.index] + out.offset * 4;
      std::tie(info.firstUse, info.lastUse) = lifetime[out.index];
    } else {
      info.place = KernelCallInfo::Place::Output;
    }
    summary.calls.push_back(info);
  }
  return summary;
}
