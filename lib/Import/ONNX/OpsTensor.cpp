//===- OpsTensor.cpp - data movement and dense layers --------------------===//
//
// Reshape-like ops (Reshape, Flatten, Squeeze, Unsqueeze), Transpose, Concat,
// Split and Slice work on both kinds of values: on compile-time tensors they
// fold (shape subgraphs), on runtime tensors they become nn ops. Opset
// differences (axes/splits/starts as attributes or as inputs) are separate
// handlers registered at the version the semantics change.
//
//===----------------------------------------------------------------------===//

#include "GraphImporter.h"
#include "ModelLoader.h"

#include "nncc/Dialect/NN/IR/NNOps.h"

#include "onnx/onnx_pb.h"

#include <limits>

using namespace mlir;
using namespace nncc;
using namespace nncc::onnx_import;

/// Defines output 0 as `input` viewed with `shape`: folded or nn.reshape.
static LogicalResult defineReshaped(GraphImporter &g, ArrayRef<int64_t> shape) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  if (numElements(shape) != numElements(input->shape()))
    return g.error() << "cannot reshape " << shapeStr(input->shape()) << " to "
                     << shapeStr(shape);
  if (input->folded && !input->pendingPad) {
    g.defineConstant(0, input->folded->reshaped(shape));
    return success();
  }
  Value value = g.operand(0);
  if (!value)
    return failure();
  g.define(0, g.reshape(value, shape));
  return success();
}

static LogicalResult importReshape(GraphImporter &g) {
  ImportedValue *input = g.input(0);
  const ConstTensor *target = input ? g.constant(1, "shape") : nullptr;
  if (!target)
    return failure();
  Shape in = input->shape();
  bool allowZero = g.opset() >= 14 && g.attrInt("allowzero", 0) != 0;
  Shape out;
  int inferred = -1;
  int64_t known = 1;
  std::vector<int64_t> dims = target->toInts();
  for (size_t i = 0; i < dims.size(); ++i) {
    int64_t d = dims[i];
    if (d == 0 && !allowZero) {
      if (i >= in.size())
        return g.error() << "shape entry " << i
                         << " is 0 (copy), but the input has rank "
                         << in.size();
      d = in[i];
    } else if (d == -1) {
      if (inferred >= 0)
        return g.error() << "shape " << shapeStr(dims) << " has several -1";
      inferred = i;
      d = 1;
    } else if (d < 0) {
      return g.error() << "invalid shape entry " << d;
    }
    // Both factors stay at most 2^31 - 1, so the product cannot overflow.
    if (d > kMaxTensorElements ||
        (static_cast<int>(i) != inferred && (known *= d) > kMaxTensorElements))
      return g.error() << "shape " << shapeStr(dims) << " has more than "
                       << kMaxTensorElements << " elements";
    out.push_back(d);
  }
  int64_t total = numElements(in);
  if (inferred >= 0) {
    if (known == 0 || total % known)
      return g.error() << "cannot reshape " << shapeStr(in) << " to "
                       << shapeStr(dims);
    out[inferred] = total / known;
  }
  return defineReshaped(g, out);
}

static LogicalResult importFlatten(GraphImporter &g) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape in = input->shape();
  int64_t rank = in.size();
  int64_t axis = g.attrInt("axis", 1);
  if (axis < 0)
    axis += rank;
  if (axis < 0 || axis > rank)
    return g.error() << "axis " << g.attrInt("axis", 1)
                     << " is out of range for rank " << rank;
  Shape out{numElements(llvm::makeArrayRef(in).take_front(axis)),
            numElements(llvm::makeArrayRef(in).drop_front(axis))};
  if (input->folded && !input->pendingPad)
    return defineReshaped(g, out);
  Value value = g.operand(0);
  if (!value)
    return failure();
  g.define(0, g.create<nn::FlattenOp>(
                  g.tensorType(out), value,
                  {g.namedAttr("axis", g.builder().getI64IntegerAttr(axis))}));
  return success();
}

/// Squeeze: `axes` given (normalized later) or empty for every 1.
static LogicalResult squeeze(GraphImporter &g, Shape axes, bool given) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape in = input->shape();
  llvm::SmallVector<bool, 4> drop(in.size(), false);
  if (!given) {
    for (size_t d = 0; d < in.size(); ++d)
      drop[d] = in[d] == 1;
  }
  for (int64_t axis : axes) {
    std::optional<int64_t> a = g.normalizeAxis(axis, in.size());
    if (!a)
      return failure();
    if (in[*a] != 1)
      return g.error() << "cannot squeeze dimension " << *a << " of size "
                       << in[*a];
    drop[*a] = true;
  }
  Shape out;
  for (size_t d = 0; d < in.size(); ++d)
    if (!drop[d])
      out.push_back(in[d]);
  return defineReshaped(g, out);
}

static LogicalResult importSqueezeAttr(GraphImporter &g) {
  return squeeze(g, g.attrInts("axes"), g.hasAttr("axes"));
}

static LogicalResult importSqueezeInput(GraphImporter &g) {
  if (!g.hasInput(1))
    return squeeze(g, {}, false);
  const ConstTensor *axes = g.constant(1, "axes");
  if (!axes)
    return failure();
  return squeeze(g, toShape(axes->toInts()), true);
}

static LogicalResult unsqueeze(GraphImporter &g, Shape axes) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape in = input->shape();
  int64_t rank = in.size() + axes.size();
  llvm::SmallVector<bool, 4> inserted(rank, false);
  for (int64_t axis : axes) {
    std::optional<int64_t> a = g.normalizeAxis(axis, rank);
    if (!a)
      return failure();
    if (inserted[*a])
      return g.error() << "axis " << axis << " is repeated";
    inserted[*a] = true;
  }
  Shape out;
  size_t next = 0;
  for (int64_t d = 0; d < rank; ++d)
    out.push_back(inserted[d] ? 1 : in[next++]);
  return defineReshaped(g, out);
}

static LogicalResult importUnsqueezeAttr(GraphImporter &g) {
  return unsqueeze(g, g.attrInts("axes"));
}

static LogicalResult importUnsqueezeInput(GraphImporter &g) {
  const ConstTensor *axes = g.constant(1, "axes");
  if (!axes)
    return failure();
  return unsqueeze(g, toShape(axes->toInts()));
}

static LogicalResult importTranspose(GraphImporter &g) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape in = input->shape();
  int64_t rank = in.size();
  Shape perm = g.attrInts("perm");
  if (!g.hasAttr("perm"))
    for (int64_t d = rank - 1; d >= 0; --d)
      perm.push_back(d);
  llvm::SmallVector<bool, 4> seen(rank, false);
  if (static_cast<int64_t>(perm.size()) != rank ||
      llvm::any_of(perm, [&](int64_t p) {
        return p < 0 || p >= rank || std::exchange(seen[p], true);
      }))
    return g.error() << "perm is not a permutation of 0.." << rank - 1;
  Shape out;
  if (input->folded && !input->pendingPad) {
    std::vector<int64_t> source = transposeIndices(in, perm, out);
    g.defineConstant(0, input->folded->select(out, source));
    return success();
  }
  for (int64_t p : perm)
    out.push_back(in[p]);
  Value value = g.operand(0);
  if (!value)
    return failure();
  g.define(0, g.create<nn::TransposeOp>(g.tensorType(out), value,
                                        {g.namedAttr("perm", g.i64Array(perm))}));
  return success();
}

static LogicalResult importConcat(GraphImporter &g) {
  SmallVector<ImportedValue *, 4> inputs;
  for (size_t i = 0; i < g.numInputs(); ++i) {
    ImportedValue *v = g.input(i);
    if (!v)
      return failure();
    inputs.push_back(v);
  }
  if (inputs.empty())
    return g.error() << "needs at least one input";
  Shape first = inputs.front()->shape();
  std::optional<int64_t> axis =
      g.normalizeAxis(g.attrInt("axis", 0), first.size());
  if (!axis)
    return failure();
  Shape out = first;
  out[*axis] = 0;
  for (ImportedValue *v : inputs) {
    Shape s = v->shape();
    bool match = s.size() == first.size();
    for (size_t d = 0; match && d < s.size(); ++d)
      match = static_cast<int64_t>(d) == *axis || s[d] == first[d];
    if (!match)
      return g.error() << "cannot concatenate " << shapeStr(first) << " and "
                       << shapeStr(s) << " along axis " << *axis;
    out[*axis] += s[*axis];
  }
  if (g.allInputsConstant()) {
    SmallVector<const ConstTensor *, 4> parts;
    for (ImportedValue *v : inputs)
      parts.push_back(&*v->folded);
    if (llvm::any_of(parts, [&](const ConstTensor *p) {
          return p->isFloat != parts.front()->isFloat;
        }))
      return g.error() << "inputs differ in element type";
    g.defineConstant(0, concat(parts, *axis));
    return success();
  }
  SmallVector<Value, 4> operands;
  for (size_t i = 0; i < g.numInputs(); ++i) {
    Value v = g.operand(i);
    if (!v)
      return failure();
    // A zero-sized piece (ONNX allows it) adds nothing.
    if (v.getType().cast<ShapedType>().getNumElements() != 0)
      operands.push_back(v);
  }
  Value result =
      operands.size() == 1
          ? operands.front()
          : g.create<nn::ConcatOp>(
                 g.tensorType(out), operands,
                 {g.namedAttr("axis", g.builder().getI64IntegerAttr(*axis))})
                .getResult();
  g.define(0, result);
  return success();
}

/// Split with explicit `sizes` (empty: equal parts, one per output).
static LogicalResult split(GraphImporter &g, Shape sizes) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape in = input->shape();
  std::optional<int64_t> axis = g.normalizeAxis(g.attrInt("axis", 0), in.size());
  if (!axis)
    return failure();
  int64_t parts = g.numOutputs();
  if (sizes.empty()) {
    if (in[*axis] % parts)
      return g.error() << "dimension " << *axis << " of size " << in[*axis]
                       << " does not split into " << parts << " equal parts";
    sizes.assign(parts, in[*axis] / parts);
  }
  int64_t total = 0;
  for (int64_t s : sizes)
    total += s < 0 ? in[*axis] + 1 : s;
  if (static_cast<int64_t>(sizes.size()) != parts || total != in[*axis])
    return g.error() << "split sizes [" << llvm::make_range(sizes.begin(),
                                                            sizes.end())
                     << "] do not cut dimension " << *axis << " of size "
                     << in[*axis] << " into " << parts << " outputs";
  if (input->folded && !input->pendingPad) {
    int64_t offset = 0;
    for (int64_t i = 0; i < parts; ++i) {
      Shape out = in, starts(in.size(), 0), steps(in.size(), 1);
      out[*axis] = sizes[i];
      starts[*axis] = offset;
      offset += sizes[i];
      g.defineConstant(
          i, input->folded->select(out, sliceIndices(in, starts, steps, out)));
    }
    return success();
  }
  Value value = g.operand(0);
  if (!value)
    return failure();
  SmallVector<Type, 4> types;
  for (int64_t s : sizes) {
    Shape out = in;
    out[*axis] = s;
    types.push_back(g.tensorType(out));
  }
  auto op = g.create<nn::SplitOp>(
      types, value, {g.namedAttr("axis", g.builder().getI64IntegerAttr(*axis))});
  for (int64_t i = 0; i < parts; ++i)
    g.define(i, op.getResult(i));
  return success();
}

static LogicalResult importSplitAttr(GraphImporter &g) {
  return split(g, g.attrInts("split"));
}

static LogicalResult importSplitInput(GraphImporter &g) {
  if (!g.hasInput(1))
    return split(g, {});
  const ConstTensor *sizes = g.constant(1, "split");
  if (!sizes)
    return failure();
  return split(g, toShape(sizes->toInts()));
}

/// Slice with per-axis starts/ends/axes/steps as ONNX gives them.
static LogicalResult slice(GraphImporter &g, Shape starts, Shape ends,
                           Shape axes, Shape steps) {
  ImportedValue *input = g.input(0);
  if (!input)
    return failure();
  Shape in = input->shape();
  int64_t rank = in.size();
  if (axes.empty())
    for (size_t i = 0; i < starts.size(); ++i)
      axes.push_back(i);
  if (steps.empty())
    steps.assign(starts.size(), 1);
  if (ends.size() != starts.size() || axes.size() != starts.size() ||
      steps.size() != starts.size())
    return g.error() << "starts, ends, axes and steps differ in length";
  Shape fullStarts(rank, 0), fullSteps(rank, 1), out = in;
  llvm::SmallVector<bool, 4> seen(rank, false);
  for (size_t i = 0; i < axes.size(); ++i) {
    std::optional<int64_t> a = g.normalizeAxis(axes[i], rank);
    if (!a)
      return failure();
    if (std::exchange(seen[*a], true))
      return g.error() << "axis " << *a << " is sliced twice";
    int64_t dim = in[*a], step = steps[i];
    if (step == 0)
      return g.error() << "step must not be zero";
    if (step < 0)
      return g.error() << "Slice with negative step " << step << " on axis "
                       << *a << " is not supported";
    // Exporters write INT64_MAX/INT64_MIN for "to the end".
    auto clamp = [dim](int64_t v) {
      if (v < 0)
        v = v < -dim ? 0 : v + dim;
      return std::min(v, dim);
    };
    int64_t start = clamp(starts[i]), end = clamp(ends[i]);
    fullStarts[*a] = start;
    fullSteps[*a] = step;
    out[*a] = end > start ? (end - start + step - 1) / step : 0;
  }
  if (input->folded && !input->pendingPad) {
    g.defineConstant(0, input->folded->select(
                            out, sliceIndices(in, fullStarts, fullSteps, out)));
    return success();
  }
  for (int64_t d = 0; d < rank; ++d)
    if (out[d] == 0)
      return g.error() << "Slice gives an empty tensor along axis " << d;
  Value value = g.operand(0);
  if (!value)
    return failure();
  if (out == in) {
    g.define(0, value);
    return success();
  }
  Shape fullEnds;
  for (int64_t d = 0; d < rank; ++d)
    fullEnds.push_back(std::min(in[d], fullStarts[d] +
                                           (out[d] - 1) * fullSteps[d] + 1));
  g.define(0, g.create<nn::SliceOp>(
                  g.tensorType(out), value,
                  {g.namedAttr("starts", g.i64Array(fullStarts)),
                   g.namedAttr("ends", g.i64Array(fullEnds)),
                   g.namedAttr("steps", g.i64Array(fullSteps))}));
  return success();
}

static LogicalResult importSliceAttr(GraphImporter &g) {
  return slice(g, g.attrInts("starts"), g.attrInts("ends"), g.attrInts("axes"),
               {});
}

static LogicalResult importSliceInput(GraphImporter &g) {
  Shape lists[4];
  const char *names[] = {"starts", "ends", "axes", "steps"};
  for (size_t i = 1; i <= 4; ++i) {
    if (!g.hasInput(i))
      continue;
    const ConstTensor *t = g.constant(i, names[i - 1]);
    if (!t)
      return failure();
    lists[i - 1] = toShape(t->toInts());
  }
  return slice(g, lists[0], lists[1], lists[2], lists[3]);
}

static LogicalResult importGemm(GraphImporter &g) {
  Value a = g.operand(0);
  Value b = a ? g.operand(1) : nullptr;
  if (!b)
    return failure();
  SmallVector<Value, 3> operands{a, b};
  if (g.hasInput(2)) {
    Value c = g.operand(2);
    if (!c)
      return failure();
    operands.push_back(c);
  }
  Shape as = toShape(a.getType().cast<ShapedType>().getShape());
  Shape bs = toShape(b.getType().cast<ShapedType>().getShape());
  if (as.size() != 2 || bs.size() != 2)
    return g.error() << "Gemm needs 2-D operands, got " << shapeStr(as)
                     << " and " << shapeStr(bs);
  bool transA = g.attrInt("transA", 0) != 0, transB = g.attrInt("transB", 0) != 0;
  Shape out{transA ? as[1] : as[0], transB ? bs[0] : bs[1]};
  auto &builder = g.builder();
  g.define(0, g.create<nn::GemmOp>(
                  g.tensorType(out), operands,
                  {g.namedAttr("alpha", builder.getF32FloatAttr(
                                            g.attrFloat("alpha", 1.0f))),
                   g.namedAttr("beta", builder.getF32FloatAttr(
                                           g.attrFloat("beta", 1.0f))),
                   g.namedAttr("transA", builder.getBoolAttr(transA)),
                   g.namedAttr("transB", builder.getBoolAttr(transB))}));
  return success();
}

static LogicalResult importMatMul(GraphImporter &g) {
  Value a = g.operand(0);
  Value b = a ? g.operand(1) : nullptr;
  if (!b)
    return failure();
  Shape as = toShape(a.getType().cast<ShapedType>().getShape());
  Shape bs = toShape(b.getType().cast<ShapedType>().getShape());
  if (as.size() < 2 || bs.size() < 2)
    return g.error() << "MatMul on 1-D operands is not supported, got "
                     << shapeStr(as) << " and " << shapeStr(bs);
  auto batch = nn::broadcastShapes(llvm::makeArrayRef(as).drop_back(2),
                                   llvm::makeArrayRef(bs).drop_back(2));
  if (failed(batch))
    return g.error() << "batch dimensions of " << shapeStr(as) << " and "
                     << shapeStr(bs) << " do not broadcast";
  Shape out = *batch;
  out.push_back(as[as.size() - 2]);
  out.push_back(bs.back());
  g.define(0, g.create<nn::MatMulOp>(g.tensorType(out), {a, b}));
  return success();
}

void nncc::onnx_import::registerTensorOps(HandlerTable &table) {
  table.add("Reshape", 5, importReshape);
  table.add("Flatten", 1, importFlatten);
  table.add("Squeeze", 1, importSqueezeAttr);
  table.add("Squeeze", 13, importSqueezeInput);
  table.add("Unsqueeze", 1, importUnsqueezeAttr);
  table.add("Unsqueeze", 13, importUnsqueezeInput);
  table.add("Transpose", 1, importTranspose);
  table.add("Concat", 1, importConcat);
  table.add("Split", 2, importSplitAttr);
  table.add("Split", 13, importSplitInput);
  table.add("Slice", 1, importSliceAttr);
  table.add("Slice", 10, importSliceInput);
  table.add("Gemm", 1, importGemm);
  table.add("MatMul", 1, importMatMul);
}
