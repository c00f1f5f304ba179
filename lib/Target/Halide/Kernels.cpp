//===- Kernels.cpp - kernel construction and shared schedule helpers ----===//

#include "Kernels.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/raw_ostream.h"

using namespace nncc;
using namespace mlir;

std::string KernelRequest::key() const {
  std::string key;
  llvm::raw_string_ostream os(key);
  if (op)
    os << op->getName() << op->getAttrDictionary();
  else
    os << "copy";
  os << "|g" << group << "|p" << pixelsAsRows;
  if (producer)
    os << "|e" << producer->getName() << producer->getAttrDictionary();
  if (residualAdd)
    os << "|r" << residualAdd->getAttrDictionary();
  for (const Storage &s : inputs)
    os << "|" << s.layoutKey();
  os << "|>" << output.layoutKey() << "|" << target.to_string();
  return os.str();
}

Halide::Expr nncc::addResidual(const KernelContext &ctx, Halide::Expr value,
                               const std::vector<Halide::Expr> &args) {
  auto add = llvm::dyn_cast_or_null<nn::AddOp>(ctx.request.residualAdd);
  if (!add)
    return value;
  return applyActivation(value + ctx.inputs.back()(args), add.activation(),
                         nn::toFloats(add.activation_params()));
}

int nncc::pickVectorWidth(int64_t extent, int natural) {
  int width = natural;
  while (width > 1 && extent < width)
    width /= 2;
  // For a few vectors, prefer a width that divides the extent (24 channels
  // run better as three 8-lane vectors than as 16 + a shifted 16); for many,
  // full vectors with one shifted tail win.
  if (extent % width != 0 && width > 4 && extent % (width / 2) == 0 &&
      extent < 4 * width)
    width /= 2;
  return width;
}

Halide::Expr nncc::isNaN(Halide::Expr x) {
  Halide::Expr magnitude = Halide::reinterpret(Halide::UInt(32), x) &
                           Halide::Expr(uint32_t(0x7fffffff));
  return magnitude > Halide::Expr(uint32_t(0x7f800000));
}

// Halide compiles with no-NaNs fast-math, so min and max drop a NaN operand
// (max(NaN, 0) is 0), where IEEE arithmetic and ONNX Runtime give NaN: a NaN
// input is selected through.
static Halide::Expr keepNaN(Halide::Expr x, Halide::Expr result) {
  return Halide::select(isNaN(x), x, result);
}

Halide::Expr nncc::applyActivation(Halide::Expr x, StringRef activation,
                                   ArrayRef<float> params) {
  if (activation == "relu")
    return keepNaN(x, Halide::max(x, 0.0f));
  if (activation == "clip")
    return keepNaN(x, Halide::clamp(x, params[0], params[1]));
  if (activation == "hard_sigmoid") {
    Halide::Expr y = params[0] * x + params[1];
    return keepNaN(y, Halide::clamp(y, 0.0f, 1.0f));
  }
  // x times a clamped factor is already NaN for a NaN x.
  if (activation == "hard_swish")
    return x * Halide::clamp(x * (1.0f / 6.0f) + 0.5f, 0.0f, 1.0f);
  return x;
}

Halide::Expr nncc::ieeeExp(Halide::Expr x) {
  // exp(+-104) is already inf and 0 in single precision: the clamp changes
  // no finite result and gives infinities a defined exponent.
  Halide::Expr e = Halide::exp(Halide::clamp(x, -104.0f, 104.0f));
  return keepNaN(x, e);
}

ParallelLoops nncc::parallelize(Halide::Func &out, const Halide::Var &v,
                                int64_t extent, const KernelContext &ctx) {
  if (extent <= ctx.threads) {
    out.parallel(v);
    return {v, v};
  }
  Halide::Var task(v.name() + "_task"), part(v.name() + "_part");
  out.split(v, task, part,
            static_cast<int>((extent + ctx.threads - 1) / ctx.threads),
            Halide::TailStrategy::GuardWithIf)
      .parallel(task);
  return {task, part};
}

int nncc::foldedRows(int64_t windowRows) {
  int rows = 1;
  while (rows < windowRows)
    rows *= 2;
  return rows;
}

void nncc::scheduleSimple(Halide::Func &out,
                          const std::vector<Halide::Var> &vars,
                          const KernelContext &ctx) {
  const Storage &storage = ctx.request.output;
  int vectorWidth = ctx.vectorWidth;
  // Size-1 dimensions are not a vector: a row-major 1xCx1x1 output is
  // contiguous along C.
  unsigned inner = 0;
  while (inner + 1 < storage.rank() && storage.dims[inner].extent == 1)
    ++inner;
  int width = pickVectorWidth(storage.dims[inner].extent, vectorWidth);
  if (width > 1)
    out.vectorize(vars[inner], width, Halide::TailStrategy::ShiftInwards);
  unsigned outer = storage.rank() - 1;
  while (outer > inner && storage.dims[outer].extent == 1)
    --outer;
  if (outer > inner && worthThreads(storage))
    parallelize(out, vars[outer], storage.dims[outer].extent, ctx);
}

bool nncc::worthThreads(const Storage &output) {
  // Run serially, an element-wise kernel reads the half its producer's other
  // thread wrote from that core's cache: ShuffleNet V1 at 2 threads took
  // 3.12 ms with serial element-wise kernels from 16k elements up, 2.50 ms
  // in parallel.
  int64_t total = 1;
  for (const Dim &d : output.dims)
    total *= d.extent;
  return total >= 16384;
}

Halide::Func nncc::simpleKernel(const std::string &name,
                                const std::vector<Halide::Var> &vars,
                                const Halide::Expr &value,
                                const KernelContext &ctx) {
  Halide::Func logical(name);
  logical(vars) = value;
  std::vector<Halide::Var> storageVars;
  Halide::Func out = storageView(logical, ctx.request.output, storageVars);
  scheduleSimple(out, storageVars, ctx);
  return out;
}

FailureOr<Kernel> nncc::buildKernel(const KernelRequest &request, int threads,
                                    CodegenOptions::WideFMA wideFMA) {
  Kernel kernel;
  KernelContext ctx{request, {},
                    {},      request.target.natural_vector_size<float>(),
                    threads, wideFMA};
  for (auto it : llvm::enumerate(request.inputs)) {
    ctx.params.push_back(
        makeParam(it.value(), "in" + std::to_string(it.index())));
    ctx.inputs.push_back(logicalView(ctx.params.back(), it.value()));
  }
  kernel.params = ctx.params;
  Operation *op = request.op;
  if (!op) {
    kernel.output = buildDataMovement(ctx);
    constrainOutput(kernel.output, request.output);
    return kernel;
  }
  Halide::Func out =
      llvm::TypeSwitch<Operation *, Halide::Func>(op)
          .Case<nn::Conv2DOp, nn::SeparableConv2DOp>(
              [&](auto) { return buildConv(ctx); })
          .Case<nn::MaxPool2DOp, nn::AvgPool2DOp, nn::GlobalAvgPoolOp>(
              [&](auto) { return buildPool(ctx); })
          .Case<nn::BatchNormOp, nn::ReluOp, nn::ClipOp, nn::SigmoidOp,
                nn::HardSigmoidOp, nn::HardSwishOp, nn::AddOp, nn::SubOp,
                nn::MulOp, nn::DivOp>(
              [&](auto) { return buildElementwise(ctx); })
          .Case<nn::GemmOp, nn::MatMulOp, nn::SoftmaxOp>(
              [&](auto) { return buildDense(ctx); })
          .Case<nn::TransposeOp, nn::ChannelShuffleOp,
                nn::ReshapeOp, nn::FlattenOp, nn::SliceOp>(
              [&](auto) { return buildDataMovement(ctx); })
          .Default([&](Operation *) { return Halide::Func(); });
  if (!out.defined()) {
    op->emitError("code generation does not support '")
        << op->getName() << "'";
    return failure();
  }
  constrainOutput(out, request.output);
  kernel.output = out;
  return kernel;
}
