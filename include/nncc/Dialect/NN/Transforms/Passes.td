//===- Passes.td - nn graph passes -------------------------*- tablegen -*-===//
//
// The graph optimizations nncc runs between import and code generation. Each
// turns a structure of the compact architectures into less memory traffic;
// every rewrite fuses the locations of the ops it absorbs, so the ONNX node
// names survive into diagnostics and reports.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD
#define NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

def NNFoldBatchNorm : Pass<"nn-fold-batch-norm", "::mlir::FuncOp"> {
  let summary = "Fold inference batch normalization into convolutions";
  let description = [{
    A `nn.batch_norm` whose input is a `nn.conv2d` with no other user and no
    fused activation, and whose weight, bias and statistics are constants,
    folds into the convolution: with s = scale / sqrt(var + epsilon), weight
    row o is multiplied by s[o] and the bias becomes (bias - mean) * s + shift.
    Any other batch norm with constant parameters becomes a per-channel
    `nn.mul` and `nn.add` by constant [1, C, 1, ...] tensors. Arithmetic is
    done in double precision and rounded once to f32.
  }];
  let constructor = "nncc::nn::createFoldBatchNormPass()";
}

def NNFuseActivation : Pass<"nn-fuse-activation", "::mlir::FuncOp"> {
  let summary = "Fold activations into the epilogue of their producer";
  let description = [{
    `nn.relu`, `nn.clip`, `nn.hard_swish` and `nn.hard_sigmoid` whose input is
    a `nn.conv2d`, `nn.gemm` or `nn.separable_conv2d` with no other user and
    no activation yet set the producer's `activation` and
    `activation_params`. Before that, `x * hard_sigmoid(x)` with
    alpha = 1/6 and beta = 1/2 (the HardSwish form older exporters emit)
    becomes `nn.hard_swish`.
  }];
  let constructor = "nncc::nn::createFuseActivationPass()";
}

def NNFuseDepthwisePointwise
    : Pass<"nn-fuse-depthwise-pointwise", "::mlir::FuncOp"> {
  let summary = "Fuse a depthwise convolution and its 1x1 consumer";
  let description = [{
    A depthwise `nn.conv2d` (group == input channels == output channels),
    with whatever activation it has fused, whose only user is a pointwise
    `nn.conv2d` (1x1, stride 1, no padding, group 1) becomes one
    `nn.separable_conv2d`, so code generation can compute the depthwise
    result per tile inside the pointwise loop nest instead of storing it.
    Missing biases become zero constants. Run after nn-fold-batch-norm and
    nn-fuse-activation: a batch norm or activation between the two convs
    blocks the fusion.
  }];
  let constructor = "nncc::nn::createFuseDepthwisePointwisePass()";
}

def NNRecognizeChannelShuffle
    : Pass<"nn-recognize-channel-shuffle", "::mlir::FuncOp"> {
  let summary = "Turn reshape-transpose-reshape into nn.channel_shuffle";
  let description = [{
    The channel shuffle ShuffleNet exports, a reshape of an NCHW tensor to
    (N, g, C/g, H, W), a transpose with perm [0, 2, 1, 3, 4] and a reshape
    back to (N, C, H, W), becomes `nn.channel_shuffle {groups = g}`; so does
    the 4-D form with H and W merged, (N, g, C/g, H*W) and perm [0, 2, 1, 3].
  }];
  let constructor = "nncc::nn::createRecognizeChannelShufflePass()";
}

def NNLowerChannelShuffle
    : Pass<"nn-lower-channel-shuffle", "::mlir::FuncOp"> {
  let summary = "Fold channel shuffles into the op that produces their input";
  let description = [{
    A channel shuffle moves no data if its producer writes its channels in
    shuffled order. A grouped (not depthwise) convolution with as many groups
    as the shuffle, used only by it, gets `shuffle_output`; a channel concat
    of as many equal parts as the shuffle has groups, used only by it, gets
    `interleave`. The shuffle disappears. Code generation then writes group
    (or part) g's channel j straight to channel j * groups + g.
  }];
  let constructor = "nncc::nn::createLowerChannelShufflePass()";
}

#endif // NNCC_DIALECT_NN_TRANSFORMS_PASSES_TD
