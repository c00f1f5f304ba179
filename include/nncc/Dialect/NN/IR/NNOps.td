//===- NNOps.td - nn dialect operations --------------------*- tablegen -*-===//
//
// One op per layer kind of the networks nncc compiles. Shapes follow ONNX:
// activations are NCHW, conv weights OIHW, pads are [top, left, bottom, right].
// Every op's verifier recomputes the result shape and rejects a mismatch.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNOPS_TD
#define NNCC_DIALECT_NN_IR_NNOPS_TD

include "nncc/Dialect/NN/IR/NNBase.td"
include "mlir/Interfaces/InferTypeOpInterface.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

//===----------------------------------------------------------------------===//
// Constants
//===----------------------------------------------------------------------===//

def NN_ConstantOp : NN_Op<"constant", [ConstantLike,
    DeclareOpInterfaceMethods<InferTypeOpInterface>]> {
  let summary = "weight or other compile-time tensor";
  let description = [{
    A tensor known at compile time: convolution weights, biases, batch-norm
    statistics and any value the importer folded. Code generation embeds it in
    the object. Large values print elided with
    `--mlir-elide-elementsattrs-if-larger`.
  }];
  let arguments = (ins ElementsAttr:$value);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "attr-dict $value";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Convolution and normalization
//===----------------------------------------------------------------------===//

/// The activation a producer applies to its result before storing it; set by
/// the nn-fuse-activation pass. `activation_params` are [min, max] for "clip"
/// and [alpha, beta] for "hard_sigmoid", empty otherwise.
defvar NN_ActivationArgs = (ins
  DefaultValuedAttr<StrAttr, "\"none\"">:$activation,
  DefaultValuedAttr<F32ArrayAttr, "{}">:$activation_params);

def NN_Conv2DOp : NN_Op<"conv2d"> {
  let summary = "2-D convolution, grouped or depthwise";
  let description = [{
    ONNX Conv on an NCHW input with OIHW weights of shape
    [C_out, C_in / group, kH, kW] and an optional bias of C_out elements.
    `group` must divide both C_in and C_out; a depthwise convolution is the case
    group == C_in. `pads` is [top, left, bottom, right]. An optional fused
    activation is applied to each output element. With `shuffle_output` (set
    by nn-lower-channel-shuffle; needs group > 1) the result is channel
    shuffled: channel j of group g comes out as channel j * group + g, as if
    an nn.channel_shuffle of `group` groups followed.
  }];
  let arguments = !con((ins NN_Tensor:$input, NN_Tensor:$weight,
      Optional<NN_Tensor>:$bias,
      NN_I64ArrayDefault<"{1, 1}">:$strides,
      NN_I64ArrayDefault<"{0, 0, 0, 0}">:$pads,
      NN_I64ArrayDefault<"{1, 1}">:$dilations,
      DefaultValuedAttr<I64Attr, "1">:$group,
      DefaultValuedAttr<BoolAttr, "false">:$shuffle_output),
      NN_ActivationArgs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $weight (`,` $bias^)? attr-dict `:` functional-type(operands, results)
  }];
  let extraClassDeclaration = [{
    /// True when every input channel is its own group.
    bool isDepthwise();
    /// True for an ungrouped 1x1, stride 1, unpadded convolution.
    bool isPointwise();
  }];
}

def NN_SeparableConv2DOp : NN_Op<"separable_conv2d"> {
  let summary = "depthwise convolution followed by a 1x1 convolution";
  let description = [{
    A depthwise convolution (weight [C, 1, kH, kW], bias [C], with `strides`,
    `pads`, `dilations` and its own `depthwise_activation`) whose result feeds
    only a pointwise convolution (weight [C_out, C, 1, 1], bias [C_out], stride
    1, no padding) with the op's `activation`. Made by
    nn-fuse-depthwise-pointwise so code generation can compute the depthwise
    result per tile inside the pointwise loop nest and never store it whole.
    Activation parameters follow conv2d's: [min, max] for "clip", [alpha,
    beta] for "hard_sigmoid".
  }];
  let arguments = !con((ins NN_Tensor:$input, NN_Tensor:$depthwise_weight,
      NN_Tensor:$depthwise_bias, NN_Tensor:$pointwise_weight,
      NN_Tensor:$pointwise_bias,
      NN_I64ArrayDefault<"{1, 1}">:$strides,
      NN_I64ArrayDefault<"{0, 0, 0, 0}">:$pads,
      NN_I64ArrayDefault<"{1, 1}">:$dilations,
      DefaultValuedAttr<StrAttr, "\"none\"">:$depthwise_activation,
      DefaultValuedAttr<F32ArrayAttr, "{}">:$depthwise_activation_params),
      NN_ActivationArgs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $depthwise_weight `,` $depthwise_bias `,` $pointwise_weight `,`
    $pointwise_bias attr-dict `:` functional-type(operands, results)
  }];
}

def NN_BatchNormOp : NN_Op<"batch_norm"> {
  let summary = "inference batch normalization";
  let description = [{
    ONNX BatchNormalization in inference mode: per channel c,
    y = scale[c] * (x - mean[c]) / sqrt(var[c] + epsilon) + bias[c]. The four
    parameter tensors have C elements, where C is dimension 1 of the input.
  }];
  let arguments = (ins NN_Tensor:$input, NN_Tensor:$scale, NN_Tensor:$bias,
      NN_Tensor:$mean, NN_Tensor:$var,
      DefaultValuedAttr<F32Attr, "1e-5f">:$epsilon);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $input `,` $scale `,` $bias `,` $mean `,` $var attr-dict `:` functional-type(operands, results)
  }];
}

//===----------------------------------------------------------------------===//
// Element-wise activations
//===----------------------------------------------------------------------===//

class NN_UnaryOp<string mnemonic, list<Trait> traits = []>
    : NN_Op<mnemonic, !listconcat(traits, [SameOperandsAndResultType])> {
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input)";
  let verifier = ?;
}

def NN_ReluOp : NN_UnaryOp<"relu"> {
  let summary = "rectified linear unit";
  let description = [{ y = max(x, 0), element-wise (ONNX Relu). }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_ClipOp : NN_UnaryOp<"clip"> {
  let summary = "clamp to [min, max]";
  let description = [{
    y = min(max(x, min), max), element-wise (ONNX Clip; ReLU6 is min 0, max 6).
    The verifier requires min <= max.
  }];
  let arguments = (ins NN_Tensor:$input, F32Attr:$min, F32Attr:$max);
  let verifier = [{ return ::verify(*this); }];
}

def NN_SigmoidOp : NN_UnaryOp<"sigmoid"> {
  let summary = "logistic sigmoid";
  let description = [{ y = 1 / (1 + exp(-x)), element-wise (ONNX Sigmoid). }];
  let arguments = (ins NN_Tensor:$input);
}

def NN_HardSigmoidOp : NN_UnaryOp<"hard_sigmoid"> {
  let summary = "piece-wise linear sigmoid";
  let description = [{
    y = max(0, min(1, alpha * x + beta)), element-wise (ONNX HardSigmoid; the
    defaults alpha = 0.2, beta = 0.5 are ONNX's, PyTorch exports 1/6 and 0.5).
  }];
  let arguments = (ins NN_Tensor:$input,
      DefaultValuedAttr<F32Attr, "0.2f">:$alpha,
      DefaultValuedAttr<F32Attr, "0.5f">:$beta);
}

def NN_HardSwishOp : NN_UnaryOp<"hard_swish"> {
  let summary = "x times hard sigmoid of x";
  let description = [{
    y = x * max(0, min(1, x / 6 + 1/2)), element-wise (ONNX HardSwish, opset 14,
    and the HardSigmoid + Mul form older exporters emit).
  }];
  let arguments = (ins NN_Tensor:$input);
}

//===----------------------------------------------------------------------===//
// Pooling
//===----------------------------------------------------------------------===//

def NN_MaxPool2DOp : NN_Op<"max_pool2d"> {
  let summary = "2-D max pooling";
  let description = [{
    ONNX MaxPool over the two spatial dimensions of an NCHW tensor. Padded
    positions never win. With `ceil_mode` the output size rounds up, but a
    window must still start inside the input or its left padding.
  }];
  let arguments = (ins NN_Tensor:$input, I64ArrayAttr:$kernel_shape,
      NN_I64ArrayDefault<"{1, 1}">:$strides,
      NN_I64ArrayDefault<"{0, 0, 0, 0}">:$pads,
      NN_I64ArrayDefault<"{1, 1}">:$dilations,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_AvgPool2DOp : NN_Op<"avg_pool2d"> {
  let summary = "2-D average pooling";
  let description = [{
    ONNX AveragePool over the two spatial dimensions of an NCHW tensor. With
    `count_include_pad` padded positions count in the divisor (as a Pad folded
    into the pool requires); otherwise only positions inside the input do.
  }];
  let arguments = (ins NN_Tensor:$input, I64ArrayAttr:$kernel_shape,
      NN_I64ArrayDefault<"{1, 1}">:$strides,
      NN_I64ArrayDefault<"{0, 0, 0, 0}">:$pads,
      DefaultValuedAttr<BoolAttr, "false">:$count_include_pad,
      DefaultValuedAttr<BoolAttr, "false">:$ceil_mode);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

def NN_GlobalAvgPoolOp : NN_Op<"global_avg_pool"> {
  let summary = "mean over the spatial dimensions";
  let description = [{
    ONNX GlobalAveragePool (and ReduceMean over H and W): an NCHW input becomes
    N x C x 1 x 1.
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

//===----------------------------------------------------------------------===//
// Data movement
//===----------------------------------------------------------------------===//

def NN_ConcatOp : NN_Op<"concat"> {
  let summary = "join tensors along one axis";
  let description = [{
    ONNX Concat: all inputs have the same rank and agree on every dimension but
    `axis`, which the result sums. With `interleave` (set by
    nn-lower-channel-shuffle) the n inputs have equal sizes along `axis` and
    the result's index j * n + i is input i's index j: the concat followed by
    a channel shuffle of n groups.
  }];
  let arguments = (ins Variadic<NN_Tensor>:$inputs, I64Attr:$axis,
      DefaultValuedAttr<BoolAttr, "false">:$interleave);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$inputs attr-dict `:` functional-type($inputs, $output)";
  let hasFolder = 1;
}

def NN_SplitOp : NN_Op<"split"> {
  let summary = "cut a tensor into consecutive pieces along one axis";
  let description = [{
    ONNX Split: the results' sizes along `axis` are their types' and must sum to
    the input's; every other dimension equals the input's.
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let results = (outs Variadic<NN_Tensor>:$outputs);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($outputs)";
  let hasFolder = 1;
}

def NN_SliceOp : NN_Op<"slice"> {
  let summary = "strided window of a tensor";
  let description = [{
    ONNX Slice with constant, normalized operands: one start, end and positive
    step per dimension, with 0 <= start < end <= size; the result has
    ceil((end - start) / step) elements along each dimension.
  }];
  let arguments = (ins NN_Tensor:$input, I64ArrayAttr:$starts,
      I64ArrayAttr:$ends, I64ArrayAttr:$steps);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

def NN_ReshapeOp : NN_Op<"reshape"> {
  let summary = "reinterpret a tensor with another static shape";
  let description = [{
    ONNX Reshape after the importer resolved 0 and -1: the result type gives the
    shape, which must hold the same number of elements. Row-major order is kept.
  }];
  let arguments = (ins NN_Tensor:$input);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def NN_FlattenOp : NN_Op<"flatten"> {
  let summary = "collapse a tensor into two dimensions";
  let description = [{
    ONNX Flatten: dimensions before `axis` multiply into the first result
    dimension, the rest into the second. 0 <= axis <= rank.
  }];
  let arguments = (ins NN_Tensor:$input, DefaultValuedAttr<I64Attr, "1">:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasCanonicalizer = 1;
}

def NN_TransposeOp : NN_Op<"transpose"> {
  let summary = "permute dimensions";
  let description = [{
    ONNX Transpose: result dimension i is input dimension perm[i]; `perm` is a
    permutation of 0 .. rank-1.
  }];
  let arguments = (ins NN_Tensor:$input, I64ArrayAttr:$perm);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
  let hasCanonicalizer = 1;
}

def NN_ChannelShuffleOp : NN_Op<"channel_shuffle"> {
  let summary = "ShuffleNet's channel shuffle";
  let description = [{
    Interleaves the channels of an NCHW tensor seen as `groups` x (C / groups):
    output channel j * groups + g is input channel g * (C / groups) + j. This
    is the reshape -> transpose -> reshape pattern ShuffleNet exports.
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$groups);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
  let hasFolder = 1;
}

//===----------------------------------------------------------------------===//
// Dense layers
//===----------------------------------------------------------------------===//

def NN_GemmOp : NN_Op<"gemm"> {
  let summary = "general matrix multiply";
  let description = [{
    ONNX Gemm: Y = alpha * A' x B' + beta * C, where A' is A or its transpose
    (`transA`), B' likewise, A' is M x K, B' is K x N and the optional C
    broadcasts to M x N.
  }];
  let arguments = !con((ins NN_Tensor:$a, NN_Tensor:$b, Optional<NN_Tensor>:$c,
      DefaultValuedAttr<F32Attr, "1.0f">:$alpha,
      DefaultValuedAttr<F32Attr, "1.0f">:$beta,
      DefaultValuedAttr<BoolAttr, "false">:$transA,
      DefaultValuedAttr<BoolAttr, "false">:$transB), NN_ActivationArgs);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = [{
    $a `,` $b (`,` $c^)? attr-dict `:` functional-type(operands, results)
  }];
}

def NN_MatMulOp : NN_Op<"matmul"> {
  let summary = "matrix product with batch broadcasting";
  let description = [{
    ONNX MatMul on tensors of rank 2 or more: the last two dimensions multiply
    as matrices (M x K times K x N), the leading ones broadcast as in numpy.
  }];
  let arguments = (ins NN_Tensor:$a, NN_Tensor:$b);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$a `,` $b attr-dict `:` functional-type(operands, results)";
}

//===----------------------------------------------------------------------===//
// Element-wise arithmetic with broadcasting
//===----------------------------------------------------------------------===//

class NN_BinaryOp<string mnemonic, string formula>
    : NN_Op<mnemonic> {
  let summary = "element-wise " # formula # " with ONNX broadcasting";
  let description = [{
    Multidirectional (numpy) broadcasting as ONNX defines it: shapes align at
    the right; each pair of dimensions must be equal or one of them 1; the
    result takes the larger. `activation` is applied to each result element
    (set by nn-fuse-activation: a residual add's ReLU costs no extra pass).
  }];
  let arguments = !con((ins NN_Tensor:$lhs, NN_Tensor:$rhs),
                       NN_ActivationArgs);
  let results = (outs NN_Tensor:$output);
  // Without an activation the attributes stay absent (their defaults).
  let builders = [
    OpBuilder<(ins "::mlir::Type":$output, "::mlir::Value":$lhs,
                   "::mlir::Value":$rhs), [{
      $_state.addOperands({lhs, rhs});
      $_state.addTypes(output);
    }]>];
  let assemblyFormat = "$lhs `,` $rhs attr-dict `:` functional-type(operands, results)";
}

def NN_AddOp : NN_BinaryOp<"add", "lhs + rhs">;
def NN_SubOp : NN_BinaryOp<"sub", "lhs - rhs">;
def NN_MulOp : NN_BinaryOp<"mul", "lhs * rhs">;
def NN_DivOp : NN_BinaryOp<"div", "lhs / rhs">;

def NN_SoftmaxOp : NN_Op<"softmax"> {
  let summary = "normalized exponential along one axis";
  let description = [{
    Softmax over one axis with opset-13 semantics,
    y = exp(x - max) / sum(exp(x - max)) along `axis` (0 <= axis < rank). The
    importer rewrites the flattening semantics of opsets before 13 into this.
  }];
  let arguments = (ins NN_Tensor:$input, I64Attr:$axis);
  let results = (outs NN_Tensor:$output);
  let assemblyFormat = "$input attr-dict `:` type($input) `->` type($output)";
}

#endif // NNCC_DIALECT_NN_IR_NNOPS_TD
