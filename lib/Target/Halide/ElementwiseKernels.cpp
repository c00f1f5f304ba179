//===- ElementwiseKernels.cpp - element-wise kernels --------------------===//
//
// Activations, arithmetic with ONNX broadcasting and standalone batch
// normalization: one expression per output element, in whatever storage the
// output has.
//
//===----------------------------------------------------------------------===//

#include "Kernels.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace nncc;
using Halide::Expr;
using Halide::Func;
using Halide::Var;

/// The element of operand `f` (of shape `shape`) that output position `vars`
/// reads under ONNX broadcasting; vars are Halide-ordered (innermost first).
static Expr broadcastRead(const Func &f, llvm::ArrayRef<int64_t> shape,
                          const std::vector<Var> &vars) {
  std::vector<Expr> args;
  unsigned rank = shape.size();
  for (unsigned k = 0; k < rank; ++k)
    args.push_back(shape[rank - 1 - k] == 1 ? Expr(0) : Expr(vars[k]));
  return f(args);
}

Func nncc::buildElementwise(KernelContext &ctx) {
  mlir::Operation *op = ctx.request.op;
  unsigned rank = shapeOf(op->getResult(0)).size();
  std::vector<Var> vars(rank);
  auto operand = [&](unsigned i) {
    return broadcastRead(ctx.inputs[i], shapeOf(op->getOperand(i)), vars);
  };
  // A binary op's fused activation.
  auto epilogue = [](auto binary, Expr value) {
    return applyActivation(value, binary.activation(),
                           nn::toFloats(binary.activation_params()));
  };
  Expr x = operand(0);
  Expr value =
      llvm::TypeSwitch<mlir::Operation *, Expr>(op)
          .Case([&](nn::ReluOp) { return applyActivation(x, "relu", {}); })
          .Case([&](nn::ClipOp clip) {
            return applyActivation(x, "clip", {clip.min().convertToFloat(),
                                               clip.max().convertToFloat()});
          })
          .Case([&](nn::SigmoidOp) {
            return 1.0f / (1.0f + ieeeExp(-x));
          })
          .Case([&](nn::HardSigmoidOp hs) {
            return applyActivation(x, "hard_sigmoid",
                                   {hs.alpha().convertToFloat(),
                                    hs.beta().convertToFloat()});
          })
          .Case([&](nn::HardSwishOp) {
            return applyActivation(x, "hard_swish", {});
          })
          .Case([&](nn::AddOp op) { return epilogue(op, x + operand(1)); })
          .Case([&](nn::SubOp op) { return epilogue(op, x - operand(1)); })
          .Case([&](nn::MulOp op) { return epilogue(op, x * operand(1)); })
          .Case([&](nn::DivOp op) { return epilogue(op, x / operand(1)); })
          .Case([&](nn::BatchNormOp bn) {
            // Parameters are per channel: ONNX dimension 1.
            Var c = vars[rank - 2];
            Expr scale = ctx.inputs[1](c) /
                         Halide::sqrt(ctx.inputs[4](c) +
                                      bn.epsilon().convertToFloat());
            return (x - ctx.inputs[3](c)) * scale + ctx.inputs[2](c);
          })
          .Default([&](mlir::Operation *) { return Expr(); });
  return simpleKernel("elementwise", vars, value, ctx);
}
