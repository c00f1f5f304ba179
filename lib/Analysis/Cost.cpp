//===- Cost.cpp - parameters, MACs and memory access per op kind --------===//
//
// The one place that knows what each nn op costs. The convention is the ONNX
// frontend's (models/count.py counts the same independently): MACs of
// convolutions and matrix products only; parameters as torchvision counts
// them (batch-norm running statistics excluded).
//
//===----------------------------------------------------------------------===//

#include "nncc/Analysis/Report.h"
#include "nncc/Dialect/NN/IR/NNOps.h"

#include "llvm/ADT/TypeSwitch.h"

using namespace nncc;
using namespace mlir;

static int64_t elementsOf(Value v) {
  auto type = v.getType().dyn_cast<ShapedType>();
  return type && type.hasStaticShape() ? type.getNumElements() : 0;
}

static ArrayRef<int64_t> shapeOf(Value v) {
  return v.getType().cast<ShapedType>().getShape();
}

static bool isConstant(Value v) { return v && v.getDefiningOp<nn::ConstantOp>(); }

SmallVector<Value, 4> nncc::parameterOperands(Operation *op) {
  SmallVector<Value, 4> params;
  auto add = [&](Value v) {
    if (isConstant(v))
      params.push_back(v);
  };
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](nn::Conv2DOp conv) {
        add(conv.weight());
        add(conv.bias());
      })
      .Case([&](nn::SeparableConv2DOp conv) {
        add(conv.depthwise_weight());
        add(conv.depthwise_bias());
        add(conv.pointwise_weight());
        add(conv.pointwise_bias());
      })
      .Case([&](nn::BatchNormOp bn) {
        add(bn.scale());
        add(bn.bias());
      })
      .Case([&](nn::GemmOp gemm) {
        add(gemm.b());
        add(gemm.c());
      })
      .Case([&](nn::MatMulOp matmul) {
        add(matmul.a());
        add(matmul.b());
      });
  return params;
}

bool nncc::isElementwise(Operation *op) {
  return isa<nn::ReluOp, nn::ClipOp, nn::SigmoidOp, nn::HardSigmoidOp,
             nn::HardSwishOp, nn::BatchNormOp, nn::AddOp, nn::SubOp, nn::MulOp,
             nn::DivOp>(op);
}

/// A 1x1 convolution as the ShuffleNet V2 paper's memory access cost
/// hw(c1 + c2) + c1*c2/g defines it: its window touches one pixel.
static bool isOneByOne(ArrayRef<int64_t> weightShape) {
  return weightShape.size() == 4 && weightShape[2] == 1 && weightShape[3] == 1;
}

OpCost nncc::costOf(Operation *op) {
  OpCost cost;
  if (isa<nn::ConstantOp>(op) || op->getNumResults() == 0)
    return cost;
  for (Value v : parameterOperands(op))
    cost.params += elementsOf(v);
  // Default memory access: every element read and written.
  for (Value v : op->getOperands())
    cost.memoryAccess += elementsOf(v);
  for (Value v : op->getResults())
    cost.memoryAccess += elementsOf(v);
  llvm::TypeSwitch<Operation *>(op)
      .Case([&](nn::Conv2DOp conv) {
        ArrayRef<int64_t> w = shapeOf(conv.weight());
        cost.macs = elementsOf(conv.output()) * w[1] * w[2] * w[3];
        if (isOneByOne(w))
          cost.memoryAccess = elementsOf(conv.input()) +
                              elementsOf(conv.output()) +
                              elementsOf(conv.weight());
      })
      .Case([&](nn::SeparableConv2DOp conv) {
        ArrayRef<int64_t> dw = shapeOf(conv.depthwise_weight());
        int64_t channels = shapeOf(conv.input())[1];
        int64_t depthwiseOut =
            elementsOf(conv.output()) / shapeOf(conv.output())[1] * channels;
        cost.macs = depthwiseOut * dw[2] * dw[3] +
                    elementsOf(conv.output()) * channels;
      })
      .Case([&](nn::GemmOp gemm) {
        ArrayRef<int64_t> a = shapeOf(gemm.a());
        cost.macs = elementsOf(gemm.output()) * (gemm.transA() ? a[0] : a[1]);
      })
      .Case([&](nn::MatMulOp matmul) {
        cost.macs = elementsOf(matmul.output()) * shapeOf(matmul.a()).back();
      });
  return cost;
}

std::string nncc::kernelDescription(Operation *op) {
  auto window = [](ArrayRef<int64_t> w, ArrayAttr strides) {
    auto s = nn::toI64s(strides);
    std::string text = std::to_string(w[2]) + "x" + std::to_string(w[3]);
    if (s[0] != 1 || s[1] != 1)
      text += " s" + std::to_string(s[0]);
    return text;
  };
  auto pool = [](ArrayAttr kernel, ArrayAttr strides) {
    auto k = nn::toI64s(kernel), s = nn::toI64s(strides);
    std::string text = std::to_string(k[0]) + "x" + std::to_string(k[1]);
    if (s[0] != 1 || s[1] != 1)
      text += " s" + std::to_string(s[0]);
    return text;
  };
  return llvm::TypeSwitch<Operation *, std::string>(op)
      .Case([&](nn::Conv2DOp conv) {
        std::string text = window(shapeOf(conv.weight()), conv.strides());
        if (conv.isDepthwise())
          text += " dw";
        else if (conv.group() > 1)
          text += " g" + std::to_string(conv.group());
        return text;
      })
      .Case([&](nn::SeparableConv2DOp conv) {
        return window(shapeOf(conv.depthwise_weight()), conv.strides()) +
               " dw+1x1";
      })
      .Case([&](nn::MaxPool2DOp p) {
        return pool(p.kernel_shape(), p.strides());
      })
      .Case([&](nn::AvgPool2DOp p) {
        return pool(p.kernel_shape(), p.strides());
      })
      .Case([&](nn::GemmOp gemm) {
        ArrayRef<int64_t> a = shapeOf(gemm.a());
        int64_t k = gemm.transA() ? a[0] : a[1];
        return std::to_string(k) + "->" +
               std::to_string(shapeOf(gemm.output())[1]);
      })
      .Case([&](nn::ChannelShuffleOp shuffle) {
        return "g" + std::to_string(shuffle.groups());
      })
      .Default([](Operation *) { return std::string("-"); });
}

/// Collects node names: an ONNX node is a NameLoc inside a FusedLoc whose
/// metadata is the op type; a plain NameLoc (hand-written .mlir) names
/// itself.
static void collectNodes(Location loc, std::vector<std::string> &nodes) {
  auto add = [&](StringRef name) {
    if (llvm::find(nodes, name.str()) == nodes.end())
      nodes.push_back(name.str());
  };
  if (auto fused = loc.dyn_cast<FusedLoc>()) {
    bool isNode = fused.getMetadata() && fused.getMetadata().isa<StringAttr>();
    for (Location part : fused.getLocations()) {
      auto name = part.dyn_cast<NameLoc>();
      if (isNode && name) {
        add(name.getName().getValue());
        isNode = false;
        continue;
      }
      collectNodes(part, nodes);
    }
  } else if (auto name = loc.dyn_cast<NameLoc>()) {
    add(name.getName().getValue());
  } else if (auto callSite = loc.dyn_cast<CallSiteLoc>()) {
    collectNodes(callSite.getCallee(), nodes);
  }
}

std::vector<std::string> nncc::onnxNodes(Location loc) {
  std::vector<std::string> nodes;
  collectNodes(loc, nodes);
  return nodes;
}
