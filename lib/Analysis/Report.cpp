//===- Report.cpp - the imported and compiled views, guideline notes ----===//
//
// Walks a function's layers in order. The imported view costs each op of the
// user's graph; the compiled view costs each fused op and adds what the plan
// decided for it (kernel calls, arena placement, lifetime, bytes moved).
//
//===----------------------------------------------------------------------===//

#include "nncc/Analysis/Report.h"
#include "nncc/Dialect/NN/IR/NNOps.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "llvm/ADT/BitVector.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/DenseSet.h"
#include "llvm/Support/FormatVariadic.h"

#include <cmath>

using namespace nncc;
using namespace mlir;

/// The ops of `func` the report lists, in program order.
static SmallVector<Operation *> layersOf(FuncOp func) {
  SmallVector<Operation *> ops;
  for (Operation &op : func.getBody().front())
    if (!isa<nn::ConstantOp, ReturnOp>(op))
      ops.push_back(&op);
  return ops;
}

static std::vector<int64_t> shapeVector(Value v) {
  auto shape = v.getType().cast<ShapedType>().getShape();
  return std::vector<int64_t>(shape.begin(), shape.end());
}

/// Elements of parameters not counted yet, marking them counted: shared
/// weights count once, as count.py and torchvision count them.
static int64_t newParams(Operation *op, llvm::DenseSet<Value> &seen) {
  int64_t n = 0;
  for (Value v : parameterOperands(op))
    if (seen.insert(v).second)
      n += v.getType().cast<ShapedType>().getNumElements();
  return n;
}

void nncc::analyzeImported(FuncOp func, ModelReport &report) {
  llvm::DenseSet<Value> seen;
  report.imported.clear();
  report.importedTotals = OpCost();
  for (Operation *op : layersOf(func)) {
    ImportedLayer layer;
    layer.nodes = onnxNodes(op->getLoc());
    layer.op = op->getName().stripDialect().str();
    layer.kernel = kernelDescription(op);
    for (Value v : op->getOperands())
      if (!v.getDefiningOp<nn::ConstantOp>()) {
        layer.inputShape = shapeVector(v);
        break;
      }
    if (op->getNumResults())
      layer.outputShape = shapeVector(op->getResult(0));
    layer.cost = costOf(op);
    layer.cost.params = newParams(op, seen);
    layer.elementwise = isElementwise(op);
    report.importedTotals.params += layer.cost.params;
    report.importedTotals.macs += layer.cost.macs;
    report.importedTotals.memoryAccess += layer.cost.memoryAccess;
    report.imported.push_back(std::move(layer));
  }
}

void nncc::analyzeCompiled(FuncOp func, const PlanSummary &plan,
                           ModelReport &report) {
  llvm::DenseSet<Value> seen;
  llvm::DenseMap<Operation *, unsigned> index;
  report.compiled.clear();
  for (Operation *op : layersOf(func)) {
    CompiledLayer layer;
    layer.nodes = onnxNodes(op->getLoc());
    layer.op = op->getName().stripDialect().str();
    layer.kernel = kernelDescription(op);
    layer.params = newParams(op, seen);
    layer.macs = costOf(op).macs;
    layer.placement = "view";
    layer.elementwise = isElementwise(op);
    index[op] = report.compiled.size();
    report.compiled.push_back(std::move(layer));
  }
  for (auto it : llvm::enumerate(plan.calls)) {
    const KernelCallInfo &call = it.value();
    CompiledLayer *layer;
    if (call.op && index.count(call.op)) {
      layer = &report.compiled[index.lookup(call.op)];
    } else {
      report.compiled.emplace_back();
      layer = &report.compiled.back();
      layer->op = "copy_to_output";
      layer->kernel = "-";
    }
    for (mlir::Operation *absorbed : call.absorbed)
      if (index.count(absorbed))
        report.compiled[index.lookup(absorbed)].placement = "fused";
    bool firstCall = layer->calls++ == 0;
    layer->callIndices.push_back(it.index());
    layer->bytesRead += call.bytesRead;
    layer->bytesWritten += call.bytesWritten;
    layer->copy = call.isCopy && (firstCall || layer->copy);
    if (call.place == KernelCallInfo::Place::Output) {
      layer->placement = "output";
      continue;
    }
    if (firstCall) {
      layer->placement = "arena";
      layer->arenaOffset = call.outputOffset;
      layer->firstUse = call.firstUse;
      layer->lastUse = call.lastUse;
    }
    // A grouped convolution writes one channel window per call.
    layer->arenaOffset = std::min(layer->arenaOffset, call.outputOffset);
    layer->arenaBytes += call.bytesWritten;
    layer->firstUse = std::min(layer->firstUse, call.firstUse);
    layer->lastUse = std::max(layer->lastUse, call.lastUse);
  }
  report.compiledParams = report.compiledMacs = report.bytesRead =
      report.bytesWritten = report.copyBytes = 0;
  report.kernelCalls = plan.calls.size();
  report.peakArenaBytes = plan.arenaBytes;
  for (const CompiledLayer &layer : report.compiled) {
    report.compiledParams += layer.params;
    report.compiledMacs += layer.macs;
    report.bytesRead += layer.bytesRead;
    report.bytesWritten += layer.bytesWritten;
    if (layer.copy)
      report.copyBytes += layer.bytesRead + layer.bytesWritten;
  }
}

//===----------------------------------------------------------------------===//
// ShuffleNet V2 guidelines
//===----------------------------------------------------------------------===//

static std::string layerName(const std::vector<std::string> &nodes,
                             unsigned index) {
  std::string text = "layer " + std::to_string(index);
  if (!nodes.empty())
    text += " '" + nodes.front() + "'";
  return text;
}

/// G1: a 1x1 convolution's memory access hw(c1 + c2) + c1*c2/g is smallest,
/// for its MACs B = hw*c1*c2/g, when c1 == c2: 2*sqrt(g*hw*B) + B/hw.
static void checkG1(nn::Conv2DOp conv, unsigned index, ModelReport &report) {
  auto w = conv.weight().getType().cast<ShapedType>().getShape();
  if (w[2] != 1 || w[3] != 1 || conv.isDepthwise())
    return;
  int64_t c1 = conv.input().getType().cast<ShapedType>().getShape()[1];
  int64_t c2 = w[0];
  double ratio = double(std::max(c1, c2)) / std::min(c1, c2);
  if (ratio < 2)
    return;
  const ImportedLayer &layer = report.imported[index];
  auto out = conv.output().getType().cast<ShapedType>().getShape();
  double hw = double(out[0]) * out[2] * out[3];
  double macs = layer.cost.macs;
  // With groups, B = hw*c1*c2/g and the weights are c1*c2/g.
  int64_t bound = std::llround(2 * std::sqrt(conv.group() * hw * macs) +
                               macs / hw);
  report.notes.push_back(
      {"G1",
       llvm::formatv("{0} ({1}): 1x1 convolution with c1={2}, c2={3} "
                     "(ratio {4:f1} >= 2): memory access {5} elements, "
                     "{6} with equal channels at the same MACs",
                     layerName(layer.nodes, index), layer.op, c1, c2, ratio,
                     layer.cost.memoryAccess, bound)
           .str(),
       {index},
       "imported"});
}

/// G2: at equal MACs a convolution's memory access grows with its groups.
static void checkG2(nn::Conv2DOp conv, unsigned index, ModelReport &report) {
  if (conv.group() < 4 || conv.isDepthwise())
    return;
  const ImportedLayer &layer = report.imported[index];
  int64_t c1 = conv.input().getType().cast<ShapedType>().getShape()[1];
  int64_t c2 = conv.output().getType().cast<ShapedType>().getShape()[1];
  report.notes.push_back(
      {"G2",
       llvm::formatv("{0} ({1}): group convolution with g={2} >= 4 "
                     "(c1={3}, c2={4}): memory access {5} elements for {6} "
                     "MACs",
                     layerName(layer.nodes, index), layer.op, conv.group(),
                     c1, c2, layer.cost.memoryAccess, layer.cost.macs)
           .str(),
       {index},
       "imported"});
}

/// G3: a value feeding three or more branches that join again later: a
/// fragmented block (Inception-style) that runs as many small kernels.
static void checkG3(ArrayRef<Operation *> ops, ModelReport &report) {
  llvm::DenseMap<Operation *, unsigned> index;
  for (auto it : llvm::enumerate(ops))
    index[it.value()] = it.index();
  // reach[i]: the layers reachable from layer i, itself included.
  std::vector<llvm::BitVector> reach(ops.size(),
                                     llvm::BitVector(ops.size()));
  for (int i = ops.size() - 1; i >= 0; --i) {
    reach[i].set(i);
    for (Operation *user : ops[i]->getUsers())
      if (index.count(user))
        reach[i] |= reach[index.lookup(user)];
  }
  auto check = [&](Value v, std::string from, std::vector<unsigned> layers) {
    SmallVector<unsigned> branches;
    for (Operation *user : v.getUsers())
      if (index.count(user) && !llvm::is_contained(branches, index[user]))
        branches.push_back(index[user]);
    if (branches.size() < 3)
      return;
    // The first layer (in program order) at least three branches reach.
    for (unsigned j = 0; j < ops.size(); ++j) {
      SmallVector<unsigned> joined;
      for (unsigned b : branches)
        if (reach[b].test(j))
          joined.push_back(b);
      if (joined.size() < 3)
        continue;
      const ImportedLayer &join = report.imported[j];
      layers.insert(layers.end(), joined.begin(), joined.end());
      layers.push_back(j);
      report.notes.push_back(
          {"G3",
           llvm::formatv("{0} feeds {1} parallel branches (>= 3) that join "
                         "at {2} ({3}): a fragmented block",
                         from, joined.size(), layerName(join.nodes, j),
                         join.op)
               .str(),
           layers, "imported"});
      return;
    }
  };
  FuncOp func = ops.empty() ? FuncOp() : ops.front()->getParentOfType<FuncOp>();
  if (func)
    for (BlockArgument arg : func.getArguments())
      check(arg, "input " + std::to_string(arg.getArgNumber()), {});
  for (auto it : llvm::enumerate(ops))
    for (Value result : it.value()->getResults()) {
      const ImportedLayer &layer = report.imported[it.index()];
      check(result,
            layerName(layer.nodes, it.index()) + " (" + layer.op + ")",
            {static_cast<unsigned>(it.index())});
    }
}

void nncc::checkImportedGuidelines(FuncOp func, ModelReport &report) {
  SmallVector<Operation *> ops = layersOf(func);
  assert(ops.size() == report.imported.size() && "imported view is stale");
  for (auto it : llvm::enumerate(ops))
    if (auto conv = dyn_cast<nn::Conv2DOp>(it.value())) {
      checkG1(conv, it.index(), report);
      checkG2(conv, it.index(), report);
    }
  checkG3(ops, report);
}

void nncc::checkCompiledGuidelines(ModelReport &report) {
  int64_t total = report.bytesRead + report.bytesWritten, elementwise = 0;
  std::vector<unsigned> layers;
  for (auto it : llvm::enumerate(report.compiled)) {
    const CompiledLayer &layer = it.value();
    if (!layer.elementwise || !layer.calls)
      continue;
    elementwise += layer.bytesRead + layer.bytesWritten;
    layers.push_back(it.index());
  }
  if (total == 0 || elementwise * 5 <= total)
    return;
  // Name the heaviest few; JSON lists them all.
  std::vector<unsigned> heaviest = layers;
  llvm::stable_sort(heaviest, [&](unsigned a, unsigned b) {
    const CompiledLayer &x = report.compiled[a], &y = report.compiled[b];
    return x.bytesRead + x.bytesWritten > y.bytesRead + y.bytesWritten;
  });
  std::string names;
  for (unsigned i = 0; i < std::min<size_t>(heaviest.size(), 5); ++i)
    names += (i ? ", " : "") +
             layerName(report.compiled[heaviest[i]].nodes, heaviest[i]) +
             " (" + report.compiled[heaviest[i]].op + ")";
  if (heaviest.size() > 5)
    names += llvm::formatv(" and {0} more", heaviest.size() - 5).str();
  report.notes.push_back(
      {"G4",
       llvm::formatv("{0} element-wise layers move {1} of {2} bytes "
                     "({3:f1}% > 20%): {4}",
                     layers.size(), elementwise, total,
                     100.0 * elementwise / total, names)
           .str(),
       layers, "compiled"});
}
