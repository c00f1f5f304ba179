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
  std::vector<float> data(layout.span(), 0.0f);
  // Walk the elements in ONNX order and place each where storage puts it.
  llvm::SmallVector<int64_t, 5> index(shape.size(), 0);
  llvm::SmallVector<int64_t, 5> strideOf(shape.size());
  for (unsigned i = 0; i < layout.rank(); ++i)
    strideOf[layout.order[i]] = layout.dims[i].stride;
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

/// Narrows a mapped storage's channel dimension to the channels its map
/// names, so kernels read no more of the buffer than they need.
static Storage trimChannels(Storage s) {
  auto [lo, hi] = std::minmax_element(s.channels.begin(), s.channels.end());
  int first = *lo, last = *hi;
  for (int &c : s.channels)
    c -= first;
  s.offset += first * s.dims[0].stride;
  s.dims[0].extent = last - first + 1;
  return s;
}

/// A window [start, start + extent * step) of one ONNX dimension.
static Storage window(Storage s, int dim, int64_t start, int64_t extent,
                      int64_t step = 1) {
  if (dim == 1 && !s.channels.empty()) {
    std::vector<int> picked;
    for (int64_t c = 0; c < extent; ++c)
      picked.push_back(s.channels[start + c * step]);
    s.channels = std::move(picked);
    return trimChannels(std::move(s));
  }
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
  if (!s.channels.empty())
    return None;
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
  Planner(FuncOp func, const Halide::Target &target, int threads,
          CodegenOptions::WideFMA wideFMA)
      : func(func), target(target), threads(threads), wideFMA(wideFMA) {}

  FailureOr<Plan> run();

private:
  void findConcatViews();
  void findSharedBuffers();
  /// True when `v` comes from a kernel that can write it anywhere: not a
  /// graph input, weight, view, shared concat (a channel map) or output,
  /// and not placed elsewhere already.
  bool canPlace(Value v) const;
  Storage storageOf(Value v);
  Storage newBuffer(Value v);
  /// Whether `v` is a graph output written in place in the user's NCHW
  /// buffer: one whose layout is the same channels innermost (one channel
  /// or one pixel). Other graph outputs are computed into the arena and
  /// copied out.
  bool isStoredNCHW(Value v) const;
  Storage arenaBuffer(ArrayRef<int64_t> shape);
  /// The result of a concat in a shared buffer: a channel map over it.
  Storage sharedConcatStorage(nn::ConcatOp concat);
  Storage constantStorage(Value v, ArrayRef<int> order);
  LogicalResult emitCalls();
  void addCall(Operation *op, std::vector<Storage> inputs, Storage output,
               int64_t group = 1, bool pixelsAsRows = false,
               Operation *producer = nullptr, Operation *residualAdd = nullptr);
  /// A copy kernel call on behalf of `owner` (a concat, or null for a graph
  /// output).
  void addCopy(Operation *owner, Storage from, Storage to);
  void emitConv(nn::Conv2DOp op);
  /// A call of ungrouped convolution `op`, or of one group of it whose
  /// output channels start at `firstChannel`, over activations `args`
  /// (input first, a residual last if `add` is set; the weights second,
  /// left empty for this to place): as a matrix product over 2-D
  /// (pixels x channels) views where `op` has a 1x1 window and every
  /// activation is one, else as a general convolution, its weights in
  /// blocks of its register tile where the kernel reads them so.
  void addPointwiseOrGeneral(nn::Conv2DOp op, std::vector<Storage> args,
                             Storage out, int64_t firstChannel, nn::AddOp add);
  /// The block of output channels in which the kernel of `op` (a general
  /// convolution or a separable one) called on `args` reads its constant
  /// weights, or 0 (weightBlock).
  int64_t weightBlockOf(Operation *op, const std::vector<Storage> &args,
                        const Storage &output, Operation *producer);
  void emitSeparable(nn::SeparableConv2DOp op);
  /// The convolution producing `op`'s input that `op`'s kernel computes
  /// itself (KernelRequest::producer), or null.
  nn::Conv2DOp absorbedProducer(Operation *op);
  /// True when `op` runs inside its consumer's kernel.
  bool isAbsorbed(nn::Conv2DOp op);
  /// The call of `op` that computes its input's producer too.
  void emitWithProducer(Operation *op, nn::Conv2DOp producer);
  /// The add reading convolution `op`'s result that `op`'s kernel computes
  /// too (KernelRequest::residualAdd), or null.
  nn::AddOp residualAdd(Operation *op);
  /// True when `add` runs inside the kernel of the convolution producing one
  /// of its operands.
  bool isFusedAdd(nn::AddOp add);
  /// Where `op`'s kernel writes: its result, or that of its fused add.
  Storage resultStorage(Operation *op);
  /// Appends the operand of `op`'s fused add other than `op`'s result, if
  /// any, to `args`.
  void appendResidual(Operation *op, std::vector<Storage> &args);
  /// Where an operand lies: a constant in the order `op` reads it, else the
  /// tensor's storage.
  Storage operandStorage(Operation *op, Value operand);
  /// Constant `v` with its channel c (dimension 0) moved to storage channel
  /// in.channels[c] of mapped storage `in`, zeros elsewhere.
  Storage scatteredConstant(Value v, const Storage &in, ArrayRef<int> order);
  /// A new constant of `shape` (ONNX order) holding `data` (row-major),
  /// laid out in `order`.
  Storage newConstant(ArrayRef<int64_t> shape, ArrayRef<float> data,
                      ArrayRef<int> order);
  /// Constant `matrix` of `rows` by `columns` (row-major, or column-major
  /// when `transposed`) as a product kernel reads it: a block of `block`
  /// columns (one register tile's) after another, each a dense (rows x
  /// block) matrix, the last padded with zero columns. A tile then streams
  /// its weights from one contiguous range; row by row it gets a few cache
  /// lines per row, a row apart, where the hardware prefetchers lose the
  /// stream at every page (a cold 1024x1000 classifier: 0.27-0.49 against
  /// 0.13-0.18 ms; MobileNet V1's 7x7 layers 7-10% slower).
  /// From column `first` on, when given, `columns` columns of the matrix.
  Storage blockedColumns(nn::ConstantOp matrix, int64_t rows, int64_t columns,
                         bool transposed, int64_t block, int64_t first = 0);
  /// Output channels [first, first + count) of constant convolution
  /// weights (OIHW: an output channel's weights are a row) in blocks of
  /// `block` channels.
  Storage blockedFilters(Value weight, int64_t block, int64_t first,
                         int64_t count);
  /// Gemm `op`'s constant B in blocks of the product's register tile; None
  /// when B is one block.
  Optional<Storage> blockedProductWeight(nn::GemmOp op);
  /// Adds the call of separable `op` on `args`, placing its 1x1 weights at
  /// `pwWeight`, which the caller leaves empty: in blocks of the kernel's
  /// register tile when constant, so the object holds only that layout.
  void addSeparableCall(nn::SeparableConv2DOp op, std::vector<Storage> args,
                        unsigned pwWeight, Operation *producer);
  void allocateArena();

  FuncOp func;
  Halide::Target target;
  /// What kernels are built for (buildKernel), which decides their tiles.
  int threads;
  CodegenOptions::WideFMA wideFMA;
  Plan plan;
  /// Reshape results that are views of their input.
  llvm::DenseSet<Value> reshapeViews;
  /// Where a concat input lies inside the buffer of the tensor it is part
  /// of: a window of `parent` along `axis`, or with `shared` set, a block of
  /// channels of that shared buffer.
  struct Placement {
    Value parent;
    int axis;
    int64_t offset, step;
    int shared = -1;
  };
  Storage placementStorage(const Placement &p, int64_t extent);
  /// ShuffleNet V2's units pass half their input on unchanged. A concat that
  /// takes a channel slice of an earlier concat's result shares that
  /// concat's buffer: every other part gets a block of channels of its own
  /// there, and each concat's result is a channel map over the blocks, so
  /// the half passed on is never copied.
  struct SharedBuffer {
    /// The concats sharing it, in program order.
    std::vector<nn::ConcatOp> concats;
    int64_t channels = 0;
    Optional<Storage> storage;
  };
  std::vector<SharedBuffer> shared;
  llvm::DenseMap<Operation *, unsigned> sharedOf;
  Storage sharedStorage(unsigned id);
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
  /// blockedColumns' constants, by matrix, transposed, block and first
  /// column.
  std::map<std::tuple<Operation *, bool, int64_t, int64_t>, Storage>
      blockedWeights;
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

bool Planner::canPlace(Value v) const {
  Operation *def = v.getDefiningOp();
  return def && def->getNumResults() == 1 &&
         !isa<nn::ConstantOp, nn::ReshapeOp, nn::FlattenOp>(def) &&
         !isViewOp(def) && !sharedOf.count(def) && !outputIndex.count(v) &&
         !placed.count(v);
}

/// The concat whose result `v` is a channel slice of (directly or through
/// further channel slices), with every other dimension whole.
static nn::ConcatOp channelSliceSource(Value v) {
  while (Operation *def = v.getDefiningOp()) {
    Value source;
    if (auto split = dyn_cast<nn::SplitOp>(def)) {
      if (split.axis() != 1)
        return nullptr;
      source = split.input();
    } else if (auto slice = dyn_cast<nn::SliceOp>(def)) {
      source = slice.input();
      auto steps = nn::toI64s(slice.steps());
      for (int d : {0, 2, 3})
        if (steps[d] != 1 || shapeOf(source)[d] != shapeOf(v)[d])
          return nullptr;
    } else {
      return dyn_cast<nn::ConcatOp>(def);
    }
    if (shapeOf(source).size() != 4)
      return nullptr;
    v = source;
  }
  return nullptr;
}

void Planner::findSharedBuffers() {
  for (auto concat : func.getOps<nn::ConcatOp>()) {
    if (concat.axis() != 1 || shapeOf(concat.output()).size() != 4 ||
        outputIndex.count(concat.output()))
      continue;
    // Joins the shared buffer of the concats its views come from, when
    // that is one buffer.
    Optional<unsigned> joined;
    bool one = true;
    for (Value in : concat.inputs()) {
      nn::ConcatOp source = channelSliceSource(in);
      if (!source)
        continue;
      auto it = sharedOf.find(source);
      if (it == sharedOf.end() || (joined && *joined != it->second))
        one = false;
      else
        joined = it->second;
    }
    unsigned id = joined && one ? *joined : shared.size();
    if (id == shared.size())
      shared.emplace_back();
    shared[id].concats.push_back(concat);
    sharedOf[concat] = id;
  }
  // A buffer no later concat joined stays the concat's own.
  for (auto &buffer : shared)
    if (buffer.concats.size() < 2)
      sharedOf.erase(buffer.concats.front());
  for (auto it : llvm::enumerate(shared)) {
    SharedBuffer &buffer = it.value();
    int id = static_cast<int>(it.index());
    if (buffer.concats.size() < 2)
      continue;
    for (nn::ConcatOp concat : buffer.concats) {
      placedOps.insert(concat);
      for (Value in : concat.inputs()) {
        nn::ConcatOp source = channelSliceSource(in);
        auto from = source ? sharedOf.find(source) : sharedOf.end();
        if (from != sharedOf.end() && from->second == it.index())
          continue; // already in the buffer
        Placement where{buffer.concats.front().output(), 1, buffer.channels,
                        1, id};
        buffer.channels += shapeOf(in)[1];
        if (canPlace(in))
          placed[in] = where;
        else
          concatCopies[concat].push_back({in, where});
      }
    }
  }
}

void Planner::findConcatViews() {
  findSharedBuffers();
  for (auto concat : func.getOps<nn::ConcatOp>()) {
    if (sharedOf.count(concat))
      continue;
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
      if (canPlace(in))
        placed[in] = where;
      else
        concatCopies[concat].push_back({in, where});
    }
  }
}

/// Whether an NCHW tensor lies differently channels-innermost: with more
/// than one channel and more than one pixel.
static bool layoutsDiffer(ArrayRef<int64_t> shape) {
  return shape.size() == 4 && shape[1] > 1 && shape[2] * shape[3] > 1;
}

bool Planner::isStoredNCHW(Value v) const {
  return outputIndex.count(v) && !layoutsDiffer(shapeOf(v));
}

Storage Planner::newBuffer(Value v) {
  ArrayRef<int64_t> shape = shapeOf(v);
  // A graph output whose NCHW layout differs from the channels-innermost one
  // every kernel's schedule tiles is computed into the arena, then copied:
  // written NCHW directly, a convolution ran unvectorized (ShuffleNet's
  // 3->24 first convolution as the output: 0.975 ms; into the arena, then
  // copied: 0.129 + 0.057 ms).
  if (isStoredNCHW(v)) {
    Storage s = denseStorage(shape, rowMajorOrder(shape.size()));
    s.base = Storage::Base::Output;
    s.index = outputIndex.lookup(v);
    return s;
  }
  return arenaBuffer(shape);
}

Storage Planner::arenaBuffer(ArrayRef<int64_t> shape) {
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
    s = placementStorage(p, shapeOf(v)[p.axis]);
  } else if (auto concat = v.getDefiningOp<nn::ConcatOp>();
             concat && sharedOf.count(concat)) {
    s = sharedConcatStorage(concat);
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

Storage Planner::placementStorage(const Placement &p, int64_t extent) {
  Storage parent = p.shared >= 0 ? sharedStorage(p.shared)
                                 : storageOf(p.parent);
  return window(parent, p.axis, p.offset, extent, p.step);
}

Storage Planner::sharedStorage(unsigned id) {
  SharedBuffer &buffer = shared[id];
  if (!buffer.storage) {
    auto shape = llvm::to_vector<4>(shapeOf(buffer.concats.front().output()));
    shape[1] = buffer.channels;
    buffer.storage = arenaBuffer(shape);
  }
  return *buffer.storage;
}

Storage Planner::sharedConcatStorage(nn::ConcatOp concat) {
  Storage buffer = sharedStorage(sharedOf.lookup(concat));
  // The buffer channel of each part's channels: the parts are windows or
  // channel maps of the buffer that differ from it only along channels.
  std::vector<std::vector<int>> parts;
  for (Value in : concat.inputs()) {
    Storage part = storageOf(in);
    int64_t first = part.offset - buffer.offset;
    std::vector<int> channels;
    for (int64_t c = 0; c < shapeOf(in)[1]; ++c)
      channels.push_back(static_cast<int>(
          first + (part.channels.empty() ? c * part.dims[0].stride
                                         : part.channels[c])));
    parts.push_back(std::move(channels));
  }
  // Interleaved (a concat that absorbed a channel shuffle): channel c is
  // channel c / parts of part c % parts.
  if (concat.interleave())
    for (size_t c = 0; c < parts.front().size(); ++c)
      for (auto &part : parts)
        buffer.channels.push_back(part[c]);
  else
    for (auto &part : parts)
      llvm::append_range(buffer.channels, part);
  return trimChannels(std::move(buffer));
}

/// Weights are read with output channels innermost: OIHW stored as
/// (O, I, W, H) from innermost out.
static const llvm::SmallVector<int, 5> weightOrder = {0, 1, 3, 2};

/// Bytes of a weight row (the output channels of one input channel and tap)
/// from which rows are padded: rows a multiple of this apart fall into few
/// cache sets. MobileNet V1's 1024x1024 weights, one 4 KiB row per input
/// channel, sent each block of output channels' 1024 row slices to 128 of
/// the L2 cache's 2048 sets, so every band re-read them from L3.
static constexpr int64_t kAliasingRowBytes = 1024;

/// Where a constant of `shape` read in `order` lies: dense, except that
/// convolution weight rows whose length is a multiple of kAliasingRowBytes
/// are one cache line (16 floats) longer.
static Storage constantLayout(ArrayRef<int64_t> shape, ArrayRef<int> order) {
  Storage s = denseStorage(shape, order);
  if (llvm::makeArrayRef(weightOrder) != order ||
      s.dims[0].extent * 4 % kAliasingRowBytes != 0)
    return s;
  int64_t stride = s.dims[0].extent + 16;
  for (unsigned i = 1; i < s.rank(); ++i) {
    s.dims[i].stride = stride;
    stride *= s.dims[i].extent;
  }
  return s;
}

Storage Planner::constantStorage(Value v, ArrayRef<int> order) {
  auto constant = cast<nn::ConstantOp>(v.getDefiningOp());
  llvm::SmallVector<int, 5> key(order.begin(), order.end());
  auto [it, inserted] = constantIds.insert(
      {{constant.getOperation(), key},
       static_cast<unsigned>(plan.constants.size())});
  Storage s = constantLayout(shapeOf(v), order);
  s.base = Storage::Base::Constant;
  s.index = it->second;
  if (inserted)
    plan.constants.push_back({constant.value().cast<DenseElementsAttr>(), s});
  return s;
}

void Planner::addCall(Operation *op, std::vector<Storage> inputs,
                      Storage output, int64_t group, bool pixelsAsRows,
                      Operation *producer, Operation *residualAdd) {
  KernelRequest request;
  request.op = op;
  request.inputs = inputs;
  request.output = output;
  request.group = group;
  request.pixelsAsRows = pixelsAsRows;
  request.producer = producer;
  request.residualAdd = residualAdd;
  request.target = target;
  auto [it, inserted] = kernelIds.insert(
      {request.key(), static_cast<unsigned>(plan.kernels.size())});
  if (inserted)
    plan.kernels.push_back(request);
  inputs.push_back(output);
  plan.calls.push_back({it->second, std::move(inputs), op});
  for (Operation *absorbed : {producer, residualAdd})
    if (absorbed)
      plan.calls.back().absorbed.push_back(absorbed);
}

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
  Storage in = storageOf(op.input()), out = resultStorage(op);
  nn::AddOp add = residualAdd(op);
  std::vector<Storage> residual;
  appendResidual(op, residual);
  Optional<Storage> bias;
  if (op.bias())
    bias = constantStorage(op.bias(), {0});
  auto args = [&](Storage i, Storage w) {
    std::vector<Storage> a = {i, w};
    if (bias)
      a.push_back(*bias);
    a.insert(a.end(), residual.begin(), residual.end());
    return a;
  };
  int64_t groups = op.group(), cin = shapeOf(op.input())[1],
          cout = shapeOf(op.output())[1];
  bool depthwise = groups == cin && cin == cout;
  if (groups > 1 && (!depthwise || op.shuffle_output())) {
    // One ungrouped kernel per group, on channel windows of every buffer.
    int64_t cinG = cin / groups, coutG = cout / groups;
    // With shuffle_output, group g's channel j is channel j * groups + g.
    auto groupChannels = [&](const Storage &s, int64_t g) {
      return op.shuffle_output() ? window(s, 1, g, coutG, groups)
                                 : window(s, 1, g * coutG, coutG);
    };
    for (int64_t g = 0; g < groups; ++g) {
      std::vector<Storage> a = {window(in, 1, g * cinG, cinG), Storage()};
      if (bias)
        a.push_back(window(*bias, 0, g * coutG, coutG));
      for (const Storage &r : residual)
        a.push_back(groupChannels(r, g));
      Storage og = groupChannels(out, g);
      addPointwiseOrGeneral(op, a, og, g * coutG, add);
    }
    return;
  }
  if (groups == 1)
    addPointwiseOrGeneral(op, args(in, Storage()), out, 0, add);
  else
    addCall(op, args(in, constantStorage(op.weight(), weightOrder)), out,
            groups, false, nullptr, add);
}

void Planner::addPointwiseOrGeneral(nn::Conv2DOp op, std::vector<Storage> args,
                                    Storage out, int64_t firstChannel,
                                    nn::AddOp add) {
  int64_t channels = out.extentOf(1);
  auto inRows = asPixelRows(args.front()), outRows = asPixelRows(out);
  Optional<Storage> resRows = add ? asPixelRows(args.back()) : None;
  // Registered only where read: every constant registered is embedded.
  auto plain = [&] {
    return window(constantStorage(op.weight(), weightOrder), 0, firstChannel,
                  channels);
  };
  if (!isUnitWindow(op) || !inRows || !outRows || (add && !resRows)) {
    int64_t block = weightBlockOf(op, args, out, nullptr);
    args[1] = block ? blockedFilters(op.weight(), block, firstChannel, channels)
                    : plain();
    addCall(op, args, out, 1, false, nullptr, add);
    return;
  }
  args[1] = plain();
  args.front() = *inRows;
  if (add)
    args.back() = *resRows;
  addCall(op, args, *outRows, 1, true, nullptr, add);
}

Storage Planner::operandStorage(Operation *op, Value operand) {
  if (operand.getDefiningOp<nn::ConstantOp>()) {
    auto gemm = dyn_cast<nn::GemmOp>(op);
    if (gemm && operand == gemm.b())
      if (Optional<Storage> blocked = blockedProductWeight(gemm))
        return *blocked;
    return constantStorage(operand, constantOrder(op, operand));
  }
  return storageOf(operand);
}

/// Convolution results from this size on are computed inside the kernel
/// reading them, row by row: they would not stay in a core's L2 cache
/// between the two kernels. Smaller ones are left to their own kernel, since
/// the consumer's bands recompute the rows their windows share.
static constexpr int64_t kAbsorbedProducerBytes = 1 << 20;

nn::Conv2DOp Planner::absorbedProducer(Operation *op) {
  // A separable convolution absorbs a 1x1 expansion (MobileNet V2's 112x112
  // and 56x56 blocks); a max pool, a convolution over a window (a network's
  // first convolution, whose result the pool shrinks by 4). Neither when
  // writing a graph output stored NCHW, where the kernel's schedule does not
  // tile the producer.
  auto separable = dyn_cast<nn::SeparableConv2DOp>(op);
  if ((!separable && !isa<nn::MaxPool2DOp>(op)) ||
      isStoredNCHW(op->getResult(0)))
    return nullptr;
  auto conv = op->getOperand(0).getDefiningOp<nn::Conv2DOp>();
  if (!conv || conv.group() != 1 || conv.shuffle_output() ||
      isUnitWindow(conv) != static_cast<bool>(separable) ||
      !conv.output().hasOneUse() || outputIndex.count(conv.output()) ||
      placed.count(conv.output()) ||
      !conv.weight().getDefiningOp<nn::ConstantOp>() ||
      (conv.bias() && !conv.bias().getDefiningOp<nn::ConstantOp>()))
    return nullptr;
  int64_t bytes = 4;
  for (int64_t d : shapeOf(conv.output()))
    bytes *= d;
  Storage in = storageOf(conv.input());
  if (bytes < kAbsorbedProducerBytes || !in.channels.empty() ||
      (separable && in.order != channelsLastOrder()))
    return nullptr;
  return conv;
}

bool Planner::isAbsorbed(nn::Conv2DOp op) {
  return op.output().hasOneUse() && absorbedProducer(*op->user_begin()) == op;
}

nn::AddOp Planner::residualAdd(Operation *op) {
  if (!isa<nn::Conv2DOp, nn::SeparableConv2DOp>(op))
    return nullptr;
  Value result = op->getResult(0);
  if (!result.hasOneUse() || outputIndex.count(result) || placed.count(result))
    return nullptr;
  auto add = dyn_cast<nn::AddOp>(*op->user_begin());
  // Not broadcasting; not writing a graph output stored NCHW, where the
  // convolution's schedules want channels innermost; the other operand
  // computed before the convolution runs.
  if (!add || shapeOf(add.lhs()) != shapeOf(add.rhs()) ||
      isStoredNCHW(add.output()))
    return nullptr;
  Value other = add.lhs() == result ? add.rhs() : add.lhs();
  Operation *def = other.getDefiningOp();
  if (def && (!def->isBeforeInBlock(op) || isa<nn::ConstantOp>(def)))
    return nullptr;
  return add;
}

bool Planner::isFusedAdd(nn::AddOp add) {
  return llvm::any_of(add->getOperands(), [&](Value v) {
    Operation *def = v.getDefiningOp();
    return def && isa<nn::Conv2DOp, nn::SeparableConv2DOp>(def) &&
           residualAdd(def) == add;
  });
}

Storage Planner::resultStorage(Operation *op) {
  nn::AddOp add = residualAdd(op);
  return storageOf(add ? add.output() : op->getResult(0));
}

void Planner::appendResidual(Operation *op, std::vector<Storage> &args) {
  if (nn::AddOp add = residualAdd(op))
    args.push_back(
        storageOf(add.lhs() == op->getResult(0) ? add.rhs() : add.lhs()));
}

void Planner::emitWithProducer(Operation *op, nn::Conv2DOp producer) {
  std::vector<Storage> args = {storageOf(producer.input()),
                               constantStorage(producer.weight(), weightOrder)};
  if (producer.bias())
    args.push_back(constantStorage(producer.bias(), {0}));
  unsigned pwWeight = args.size() + 2;
  auto separable = dyn_cast<nn::SeparableConv2DOp>(op);
  for (Value operand : op->getOperands().drop_front())
    args.push_back(separable && operand == separable.pointwise_weight()
                       ? Storage()
                       : operandStorage(op, operand));
  appendResidual(op, args);
  if (separable)
    addSeparableCall(separable, args, pwWeight, producer);
  else
    addCall(op, args, resultStorage(op), 1, false, producer, residualAdd(op));
}

void Planner::emitSeparable(nn::SeparableConv2DOp op) {
  if (nn::Conv2DOp expansion = absorbedProducer(op)) {
    emitWithProducer(op, expansion);
    return;
  }
  Storage in = storageOf(op.input());
  Value dwWeight = op.depthwise_weight(), dwBias = op.depthwise_bias();
  // From a channel map, the depthwise part runs over the buffer's channels
  // as they lie, with its weights and bias scattered to match (zeros where
  // no channel of the input lies); the 1x1 part reads its channels through
  // the map. Weights computed at run time cannot be scattered: the input is
  // then gathered into a buffer of its own first.
  bool scatter = !in.channels.empty() &&
                 dwWeight.getDefiningOp<nn::ConstantOp>() &&
                 dwBias.getDefiningOp<nn::ConstantOp>();
  std::vector<Storage> args = {in};
  if (!in.channels.empty() && !scatter) {
    args[0] = arenaBuffer(shapeOf(op.input()));
    addCopy(op, in, args[0]);
  }
  for (Value operand : op->getOperands().drop_front())
    args.push_back(operand == op.pointwise_weight() ? Storage()
                   : !scatter ? operandStorage(op, operand)
                   : operand == dwWeight
                       ? scatteredConstant(dwWeight, in, weightOrder)
                   : operand == dwBias ? scatteredConstant(dwBias, in, {0})
                                       : operandStorage(op, operand));
  appendResidual(op, args);
  addSeparableCall(op, args, 3, nullptr);
}

Storage Planner::scatteredConstant(Value v, const Storage &in,
                                   ArrayRef<int> order) {
  auto value = v.getDefiningOp<nn::ConstantOp>()
                   .value()
                   .cast<DenseElementsAttr>();
  auto shape = llvm::to_vector<4>(shapeOf(v));
  int64_t perChannel = value.getNumElements() / shape[0];
  shape[0] = in.dims[0].extent;
  std::vector<float> data(shape[0] * perChannel, 0.0f);
  auto values = llvm::to_vector<64>(value.getValues<float>());
  for (auto it : llvm::enumerate(in.channels))
    std::copy_n(values.begin() + it.index() * perChannel, perChannel,
                data.begin() + it.value() * perChannel);
  return newConstant(shape, data, order);
}

Storage Planner::newConstant(ArrayRef<int64_t> shape, ArrayRef<float> data,
                             ArrayRef<int> order) {
  auto type = RankedTensorType::get(shape, Float32Type::get(func.getContext()));
  Storage s = constantLayout(shape, order);
  s.base = Storage::Base::Constant;
  s.index = plan.constants.size();
  plan.constants.push_back({DenseElementsAttr::get(type, data), s});
  return s;
}

Storage Planner::blockedColumns(nn::ConstantOp matrix, int64_t rows,
                                int64_t columns, bool transposed, int64_t block,
                                int64_t first) {
  auto [it, inserted] = blockedWeights.insert(
      {{matrix.getOperation(), transposed, block, first}, {}});
  if (!inserted)
    return it->second;
  auto values = llvm::to_vector<64>(
      matrix.value().cast<DenseElementsAttr>().getValues<float>());
  int64_t allColumns = static_cast<int64_t>(values.size()) / rows;
  int64_t blocks = (columns + block - 1) / block;
  std::vector<float> data(blocks * rows * block, 0.0f);
  for (int64_t r = 0; r < rows; ++r)
    for (int64_t c = 0; c < columns; ++c)
      data[((c / block) * rows + r) * block + c % block] =
          values[transposed ? (first + c) * rows + r
                            : r * allColumns + first + c];
  it->second = newConstant({blocks, rows, block}, data, rowMajorOrder(3));
  return it->second;
}

Storage Planner::blockedFilters(Value weight, int64_t block, int64_t first,
                                int64_t count) {
  ArrayRef<int64_t> shape = shapeOf(weight);
  return blockedColumns(weight.getDefiningOp<nn::ConstantOp>(),
                        shape[1] * shape[2] * shape[3], count,
                        /*transposed=*/true, block, first);
}

Optional<Storage> Planner::blockedProductWeight(nn::GemmOp op) {
  ArrayRef<int64_t> b = shapeOf(op.b());
  int64_t k = op.transB() ? b[1] : b[0], n = op.transB() ? b[0] : b[1];
  int64_t block = productTileColumns(n, target.natural_vector_size<float>());
  if (block >= n)
    return None;
  return blockedColumns(op.b().getDefiningOp<nn::ConstantOp>(), k, n,
                        op.transB(), block);
}

void Planner::addSeparableCall(nn::SeparableConv2DOp op,
                               std::vector<Storage> args, unsigned pwWeight,
                               Operation *producer) {
  Storage output = resultStorage(op);
  Value pw = op.pointwise_weight();
  int64_t block = pw.getDefiningOp<nn::ConstantOp>()
                      ? weightBlockOf(op, args, output, producer)
                      : 0;
  args[pwWeight] = block ? blockedFilters(pw, block, 0, shapeOf(pw)[0])
                         : operandStorage(op, pw);
  addCall(op, args, output, 1, false, producer, residualAdd(op));
}

int64_t Planner::weightBlockOf(Operation *op, const std::vector<Storage> &args,
                               const Storage &output, Operation *producer) {
  KernelRequest request;
  request.op = op;
  request.inputs = args;
  request.output = output;
  request.producer = producer;
  request.target = target;
  return weightBlock(request, threads, wideFMA);
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
        addCopy(&op, from, placementStorage(p, shapeOf(in)[p.axis]));
      }
      continue;
    }
    if (auto conv = dyn_cast<nn::Conv2DOp>(op)) {
      if (!matchPattern(conv.weight(), m_Constant()) ||
          (conv.bias() && !matchPattern(conv.bias(), m_Constant())))
        return conv.emitError("code generation needs constant convolution "
                              "weights and bias");
      if (!isAbsorbed(conv))
        emitConv(conv);
      continue;
    }
    if (auto separable = dyn_cast<nn::SeparableConv2DOp>(op)) {
      emitSeparable(separable);
      continue;
    }
    if (nn::Conv2DOp producer = absorbedProducer(&op)) {
      emitWithProducer(&op, producer);
      continue;
    }
    if (auto add = dyn_cast<nn::AddOp>(op); add && isFusedAdd(add))
      continue;
    std::vector<Storage> inputs;
    for (Value operand : op.getOperands())
      inputs.push_back(operandStorage(&op, operand));
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
  // First fit, largest buffer first: a slot is free when no buffer placed
  // there is alive at the same time. Placed in order of first use instead,
  // a small buffer could split the room a large one needs later (SqueezeNet
  // 1.0's peak: 5.0 MB against 3.7 MB largest first).
  plan.arenaOffsets.assign(buffers.size(), 0);
  std::vector<unsigned> placed;
  std::vector<unsigned> order(buffers.size());
  for (unsigned i = 0; i < order.size(); ++i)
    order[i] = i;
  llvm::stable_sort(order, [&](unsigned a, unsigned b) {
    return buffers[a].bytes > buffers[b].bytes;
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

FailureOr<Plan> nncc::planFunction(FuncOp func, const Halide::Target &target,
                                   int threads,
                                   CodegenOptions::WideFMA wideFMA) {
  return Planner(func, target, threads, wideFMA).run();
}
