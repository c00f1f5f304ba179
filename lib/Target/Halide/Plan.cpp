//===- Plan.cpp - buffers and kernel calls of a network -----------------===//

#include "Plan.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "mlir/IR/Matchers.h"
#include "llvm/ADT/TypeSwitch.h"

using namespace nncc;
using namespace mlir;

int64_t TensorInfo::numElements() const {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::vector<float> ConstantData::packed() const {
  auto shape = value.getType().getShape();
  Storage dense = denseStorage(shape, order);
  std::vector<float> data(value.getNumElements());
  // Walk the elements in ONNX order and place each where storage puts it.
  llvm::SmallVector<int64_t, 5> index(shape.size(), 0);
  llvm::SmallVector<int64_t, 5> strideOf(shape.size());
  for (unsigned i = 0; i < dense.rank(); ++i)
    strideOf[order[i]] = dense.dims[i].stride;
  for (float v : value.getValues<float>()) {
    int64_t at = 0;
    for (unsigned d = 0; d < shape.size(); ++d)
      at += index[d] * strideOf[d];
    data[at] = v;
    for (int d = shape.size() - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
  return data;
}

/// The storage dimension holding ONNX dimension `dim`.
static unsigned storageDim(const Storage &s, int dim) {
  for (unsigned i = 0; i < s.rank(); ++i)
    if (s.order[i] == dim)
      return i;
  llvm_unreachable("dimension not in storage");
}

/// A window [start, start + extent * step) of one ONNX dimension.
static Storage window(Storage s, int dim, int64_t start, int64_t extent,
                      int64_t step = 1) {
  unsigned i = storageDim(s, dim);
  s.offset += start * s.dims[i].stride;
  s.dims[i].extent = extent;
  s.dims[i].stride *= step;
  return s;
}

/// The same elements seen with another row-major shape, when the storage is
/// itself dense in row-major order (size-1 dimensions aside).
static Optional<Storage> reinterpret(const Storage &s,
                                     ArrayRef<int64_t> shape) {
  int64_t expected = 1;
  for (int d = s.rank() - 1; d >= 0; --d) {
    const Dim &dim = s.dims[storageDim(s, d)];
    if (dim.extent == 1)
      continue;
    if (dim.stride != expected)
      return None;
    expected *= dim.extent;
  }
  Storage result = denseStorage(shape, rowMajorOrder(shape.size()));
  result.base = s.base;
  result.index = s.index;
  result.offset = s.offset;
  return result;
}

/// A channels-innermost activation seen as a (pixels x channels) matrix, as
/// 1x1 convolutions read and write it.
static Optional<Storage> asPixelRows(const Storage &s) {
  if (s.order != channelsLastOrder() || s.dims[0].stride != 1)
    return None;
  for (unsigned i = 2; i < 4; ++i)
    if (s.dims[i].extent != 1 &&
        s.dims[i].stride != s.dims[i - 1].extent * s.dims[i - 1].stride)
      return None;
  Storage rows = s;
  rows.order = {1, 0};
  rows.dims = {s.dims[0], {s.dims[1].extent * s.dims[2].extent *
                               s.dims[3].extent,
                           s.dims[1].stride}};
  return rows;
}

namespace {
/// Builds a Plan by walking the function once to place tensors and once to
/// emit calls.
class Planner {
public:
  Planner(FuncOp func, const Halide::Target &target)
      : func(func), target(target) {}

  FailureOr<Plan> run();

private:
  void findConcatViews();
  Storage storageOf(Value v);
  Storage newBuffer(Value v);
  Storage constantStorage(Value v, ArrayRef<int> order);
  LogicalResult emitCalls();
  void addCall(Operation *op, std::vector<Storage> inputs, Storage output,
               int64_t group = 1, bool pixelsAsRows = false);
  /// A copy kernel call on behalf of `owner` (a concat, or null for a graph
  /// output).
  void addCopy(Operation *owner, Storage from, Storage to);
  void emitConv(nn::Conv2DOp op);
  void allocateArena();

  FuncOp func;
  Halide::Target target;
  Plan plan;
  /// Reshape results that are views of their input.
  llvm::DenseSet<Value> reshapeViews;
  /// Where a concat input lies inside the buffer of the tensor it is part
  /// of: a window of `parent` along `axis`.
  struct Placement {
    Value parent;
    int axis;
    int64_t offset, step;
  };
  /// Concat inputs their producers write in place.
  llvm::DenseMap<Value, Placement> placed;
  /// Concat inputs that cannot be written in place (graph inputs, weights,
  /// views of other tensors): copied into their window instead.
  llvm::DenseMap<Operation *, std::vector<std::pair<Value, Placement>>>
      concatCopies;
  /// Concats: they run no kernel.
  llvm::DenseSet<Operation *> placedOps;
  llvm::DenseMap<Value, unsigned> outputIndex;
  llvm::DenseMap<Value, Storage> storages;
  std::map<std::pair<Operation *, llvm::SmallVector<int, 5>>, unsigned>
      constantIds;
  std::map<std::string, unsigned> kernelIds;
  /// Per arena buffer: bytes, first and last op position using it.
  struct Buffer {
    int64_t bytes;
    unsigned first, last;
  };
  std::vector<Buffer> buffers;
};
} // namespace

/// Ops whose results are views of their input: no kernel runs for them.
static bool isViewOp(Operation *op) {
  return isa<nn::SplitOp, nn::SliceOp>(op);
}

/// True when `v` comes from a kernel that can write it anywhere: not a
/// graph input, weight, view or output, and not placed elsewhere already.
static bool canPlace(Value v, const llvm::DenseMap<Value, unsigned> &outputs) {
  Operation *def = v.getDefiningOp();
  return def && def->getNumResults() == 1 &&
         !isa<nn::ConstantOp, nn::ReshapeOp, nn::FlattenOp>(def) &&
         !isViewOp(def) && !outputs.count(v);
}

void Planner::findConcatViews() {
  for (auto concat : func.getOps<nn::ConcatOp>()) {
    int64_t parts = concat.inputs().size();
    Value target = concat.output();
    int axis = concat.axis();
    // Interleaved (a concat that absorbed a channel shuffle): part i takes
    // indices i, i + parts, ... along the axis.
    bool interleave = concat.interleave();
    placedOps.insert(concat);
    int64_t offset = 0;
    for (auto it : llvm::enumerate(concat.inputs())) {
      Value in = it.value();
      Placement where =
          interleave ? Placement{target, axis,
                                 static_cast<int64_t>(it.index()), parts}
                     : Placement{target, axis, offset, 1};
      offset += shapeOf(in)[axis];
      if (canPlace(in, outputIndex) && !placed.count(in))
        placed[in] = where;
      else
        concatCopies[concat].push_back({in, where});
    }
  }
}

Storage Planner::newBuffer(Value v) {
  ArrayRef<int64_t> shape = shapeOf(v);
  if (outputIndex.count(v)) {
    Storage s = denseStorage(shape, rowMajorOrder(shape.size()));
    s.base = Storage::Base::Output;
    s.index = outputIndex.lookup(v);
    return s;
  }
  Storage s = denseStorage(shape, shape.size() == 4
                                      ? channelsLastOrder()
                                      : rowMajorOrder(shape.size()));
  s.base = Storage::Base::Arena;
  s.index = buffers.size();
  buffers.push_back({s.span() * 4, ~0u, 0});
  return s;
}

Storage Planner::storageOf(Value v) {
  auto it = storages.find(v);
  if (it != storages.end())
    return it->second;
  Storage s;
  if (auto arg = v.dyn_cast<BlockArgument>()) {
    s = denseStorage(shapeOf(v), rowMajorOrder(shapeOf(v).size()));
    s.base = Storage::Base::Input;
    s.index = arg.getArgNumber();
  } else if (placed.count(v)) {
    Placement p = placed.lookup(v);
    s = window(storageOf(p.parent), p.axis, p.offset, shapeOf(v)[p.axis],
               p.step);
  } else if (v.getDefiningOp() && placedOps.count(v.getDefiningOp())) {
    // A concat: its result is the buffer its parts fill.
    s = newBuffer(v);
  } else {
    Operation *def = v.getDefiningOp();
    s = llvm::TypeSwitch<Operation *, Storage>(def)
            .Case([&](nn::SplitOp split) {
              int axis = split.axis();
              int64_t offset = 0;
              for (Value r : split.outputs()) {
                if (r == v)
                  break;
                offset += shapeOf(r)[axis];
              }
              return window(storageOf(split.input()), axis, offset,
                            shapeOf(v)[axis]);
            })
            .Case([&](nn::SliceOp slice) {
              Storage in = storageOf(slice.input());
              auto starts = nn::toI64s(slice.starts()),
                   steps = nn::toI64s(slice.steps());
              for (unsigned d = 0; d < starts.size(); ++d)
                in = window(in, d, starts[d], shapeOf(v)[d], steps[d]);
              return in;
            })
            .Default([&](Operation *op) {
              // A reshape that moves nothing is a view, unless its result
              // must land in the user's output buffer.
              if (isa<nn::ReshapeOp, nn::FlattenOp>(op) &&
                  !outputIndex.count(v))
                if (auto view = reinterpret(storageOf(op->getOperand(0)),
                                            shapeOf(v))) {
                  reshapeViews.insert(v);
                  return *view;
                }
              return newBuffer(v);
            });
  }
  storages[v] = s;
  return s;
}

Storage Planner::constantStorage(Value v, ArrayRef<int> order) {
  auto constant = cast<nn::ConstantOp>(v.getDefiningOp());
  llvm::SmallVector<int, 5> key(order.begin(), order.end());
  auto [it, inserted] = constantIds.insert(
      {{constant.getOperation(), key},
       static_cast<unsigned>(plan.constants.size())});
  if (inserted)
    plan.constants.push_back(
        {constant.value().cast<DenseElementsAttr>(), key});
  Storage s = denseStorage(shapeOf(v), order);
  s.base = Storage::Base::Constant;
  s.index = it->second;
  return s;
}

void Planner::addCall(Operation *op, std::vector<Storage> inputs,
                      Storage output, int64_t group, bool pixelsAsRows) {
  KernelRequest request;
  request.op = op;
  request.inputs = inputs;
  request.output = output;
  request.group = group;
  request.pixelsAsRows = pixelsAsRows;
  request.target = target;
  auto [it, inserted] = kernelIds.insert(
      {request.key(), static_cast<unsigned>(plan.kernels.size())});
  if (inserted)
    plan.kernels.push_back(request);
  inputs.push_back(output);
  plan.calls.push_back({it->second, std::move(inputs), op});
}

/// Weights are read with output channels innermost: OIHW stored as
/// (O, I, W, H) from innermost out.
static const llvm::SmallVector<int, 5> weightOrder = {0, 1, 3, 2};

/// A 1x1 window with unit strides and no padding, whatever the groups.
static bool isUnitWindow(nn::Conv2DOp op) {
  ArrayRef<int64_t> w = shapeOf(op.weight());
  auto ones = [](ArrayRef<int64_t> v) {
    return llvm::all_of(v, [](int64_t x) { return x == 1; });
  };
  return w[2] == 1 && w[3] == 1 && ones(nn::toI64s(op.strides())) &&
         llvm::all_of(nn::toI64s(op.pads()), [](int64_t p) { return p == 0; });
}

/// The order a kernel reads a constant operand in: output channels
/// innermost for convolution weights, N innermost for Gemm's B.
static llvm::SmallVector<int, 5> constantOrder(Operation *op, Value operand) {
  if (shapeOf(operand).size() == 4 && isa<nn::SeparableConv2DOp>(op))
    return weightOrder;
  auto gemm = dyn_cast<nn::GemmOp>(op);
  if (gemm && operand == gemm.b() && gemm.transB())
    return {0, 1};
  return rowMajorOrder(shapeOf(operand).size());
}

void Planner::emitConv(nn::Conv2DOp op) {
  Storage in = storageOf(op.input()), out = storageOf(op.output());
  Storage weight = constantStorage(op.weight(), weightOrder);
  Optional<Storage> bias;
  if (op.bias())
    bias = constantStorage(op.bias(), {0});
  auto args = [&](Storage i, Storage w) {
    std::vector<Storage> a = {i, w};
    if (bias)
      a.push_back(*bias);
    return a;
  };
  int64_t groups = op.group(), cin = shapeOf(op.input())[1],
          cout = shapeOf(op.output())[1];
  bool depthwise = groups == cin && cin == cout;
  if (groups > 1 && (!depthwise || op.shuffle_output())) {
    // One ungrouped kernel per group, on channel windows of every buffer.
    int64_t cinG = cin / groups, coutG = cout / groups;
    for (int64_t g = 0; g < groups; ++g) {
      Storage wg = window(weight, 0, g * coutG, coutG);
      std::vector<Storage> a = {window(in, 1, g * cinG, cinG), wg};
      if (bias)
        a.push_back(window(*bias, 0, g * coutG, coutG));
      // With shuffle_output, group g's channel j is channel j * groups + g.
      Storage og = op.shuffle_output() ? window(out, 1, g, coutG, groups)
                                       : window(out, 1, g * coutG, coutG);
      auto inRows = asPixelRows(a[0]), outRows = asPixelRows(og);
      if (inRows && outRows && isUnitWindow(op)) {
        a[0] = *inRows;
        addCall(op, a, *outRows, 1, true);
      } else {
        addCall(op, a, og, 1);
      }
    }
    return;
  }
  auto inRows = asPixelRows(in), outRows = asPixelRows(out);
  if (groups == 1 && isUnitWindow(op) && inRows && outRows)
    addCall(op, args(*inRows, weight), *outRows, 1, true);
  else
    addCall(op, args(in, weight), out, groups);
}

void Planner::addCopy(Operation *owner, Storage from, Storage to) {
  addCall(nullptr, {std::move(from)}, std::move(to));
  plan.calls.back().op = owner;
}

LogicalResult Planner::emitCalls() {
  for (Operation &op : func.getBody().front()) {
    if (isa<nn::ConstantOp, ReturnOp>(op) || isViewOp(&op))
      continue;
    if (isa<nn::ReshapeOp, nn::FlattenOp>(op)) {
      storageOf(op.getResult(0));
      if (reshapeViews.count(op.getResult(0)))
        continue;
    }
    if (placedOps.count(&op)) {
      for (auto &[in, p] : concatCopies.lookup(&op)) {
        Storage from =
            in.getDefiningOp<nn::ConstantOp>()
                ? constantStorage(in, rowMajorOrder(shapeOf(in).size()))
                : storageOf(in);
        addCopy(&op, from,
                window(storageOf(p.parent), p.axis, p.offset,
                       shapeOf(in)[p.axis], p.step));
      }
      continue;
    }
    if (auto conv = dyn_cast<nn::Conv2DOp>(op)) {
      if (!matchPattern(conv.weight(), m_Constant()) ||
          (conv.bias() && !matchPattern(conv.bias(), m_Constant())))
        return conv.emitError("code generation needs constant convolution "
                              "weights and bias");
      emitConv(conv);
      continue;
    }
    std::vector<Storage> inputs;
    for (Value operand : op.getOperands()) {
      if (operand.getDefiningOp<nn::ConstantOp>()) {
        inputs.push_back(constantStorage(operand, constantOrder(&op, operand)));
      } else {
        inputs.push_back(storageOf(operand));
      }
    }
    if (op.getNumResults() != 1)
      return op.emitError("code generation does not support '")
             << op.getName() << "' with " << op.getNumResults() << " results";
    addCall(&op, inputs, storageOf(op.getResult(0)));
  }
  // Outputs that are views, inputs or constants are copied to the user.
  auto ret = cast<ReturnOp>(func.getBody().front().getTerminator());
  for (auto it : llvm::enumerate(ret.getOperands())) {
    Value v = it.value();
    Storage s = v.getDefiningOp<nn::ConstantOp>()
                    ? constantStorage(v, rowMajorOrder(shapeOf(v).size()))
                    : storageOf(v);
    if (s.base == Storage::Base::Output && s.index == it.index())
      continue;
    Storage out = denseStorage(shapeOf(v), rowMajorOrder(shapeOf(v).size()));
    out.base = Storage::Base::Output;
    out.index = it.index();
    addCopy(nullptr, s, out);
  }
  return success();
}

void Planner::allocateArena() {
  // Lifetimes: from the first call touching a buffer to the last.
  for (auto it : llvm::enumerate(plan.calls))
    for (const Storage &s : it.value().args)
      if (s.base == Storage::Base::Arena) {
        Buffer &b = buffers[s.index];
        b.first = std::min<unsigned>(b.first, it.index());
        b.last = std::max<unsigned>(b.last, it.index());
      }
  // First fit, in order of first use: a slot is free when no buffer placed
  // there is alive at the same time.
  plan.arenaOffsets.assign(buffers.size(), 0);
  std::vector<unsigned> placed;
  std::vector<unsigned> order(buffers.size());
  for (unsigned i = 0; i < order.size(); ++i)
    order[i] = i;
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return buffers[a].first < buffers[b].first;
  });
  for (unsigned id : order) {
    Buffer &b = buffers[id];
    if (b.first == ~0u)
      continue; // never touched
    int64_t bytes = (b.bytes + 63) / 64 * 64;
    int64_t offset = 0;
    bool moved = true;
    while (moved) {
      moved = false;
      for (unsigned other : placed) {
        const Buffer &o = buffers[other];
        bool liveTogether = o.first <= b.last && b.first <= o.last;
        int64_t oStart = plan.arenaOffsets[other];
        int64_t oEnd = oStart + (o.bytes + 63) / 64 * 64;
        if (liveTogether && offset < oEnd && oStart < offset + bytes) {
          offset = oEnd;
          moved = true;
        }
      }
    }
    plan.arenaOffsets[id] = offset;
    plan.arenaBytes = std::max(plan.arenaBytes, offset + bytes);
    placed.push_back(id);
  }
}

static std::string nameAttr(FuncOp func, unsigned i, bool isResult) {
  auto attr = isResult ? func.getResultAttrOfType<StringAttr>(i, "nn.name")
                       : func.getArgAttrOfType<StringAttr>(i, "nn.name");
  if (attr)
    return attr.getValue().str();
  return (isResult ? "output" : "input") + std::to_string(i);
}

FailureOr<Plan> Planner::run() {
  Block &body = func.getBody().front();
  for (BlockArgument arg : body.getArguments())
    plan.inputs.push_back(
        {nameAttr(func, arg.getArgNumber(), false),
         llvm::to_vector<4>(shapeOf(arg))});
  auto ret = cast<ReturnOp>(body.getTerminator());
  for (auto it : llvm::enumerate(ret.getOperands())) {
    plan.outputs.push_back({nameAttr(func, it.index(), true),
                            llvm::to_vector<4>(shapeOf(it.value()))});
    // A value returned twice, or an input, goes to the first slot; others
    // are copied.
    if (!outputIndex.count(it.value()) && it.value().getDefiningOp())
      outputIndex[it.value()] = it.index();
  }
  findConcatViews();
  if (failed(emitCalls()))
    return failure();
  allocateArena();
  return std::move(plan);
}

FailureOr<Plan> nncc::planFunction(FuncOp func, const Halide::Target &target) {
  return Planner(func, target).run();
}
