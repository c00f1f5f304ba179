//===- NNBase.td - the nn dialect and its common classes ---*- tablegen -*-===//
//
// The nn dialect models inference-only convolutional networks on static-shaped
// f32 tensors in ONNX's layout (NCHW). Layout choices for speed belong to code
// generation, not to this IR.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_DIALECT_NN_IR_NNBASE_TD
#define NNCC_DIALECT_NN_IR_NNBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/Interfaces/SideEffectInterfaces.td"

def NN_Dialect : Dialect {
  let name = "nn";
  let cppNamespace = "::nncc::nn";
  let summary = "Inference graphs of compact convolutional networks";
  let description = [{
    The `nn` dialect is nncc's graph IR: one op per network layer, operating on
    static-shaped f32 tensors in ONNX's NCHW layout. Weights are `nn.constant`
    ops. Graph passes (batch-norm folding, activation fusion, depthwise +
    pointwise fusion, channel-shuffle lowering) rewrite it before Halide code
    generation.
  }];
  let emitAccessorPrefix = kEmitAccessorPrefix_Both;
  let hasConstantMaterializer = 1;
}

/// Static-shaped f32 tensor: the only value type the dialect computes on.
def NN_Tensor : StaticShapeTensorOf<[F32]>;

/// Integer and float list attributes with defaults, as ONNX spells them.
class NN_I64ArrayDefault<string val> : DefaultValuedAttr<I64ArrayAttr, val>;

class NN_Op<string mnemonic, list<Trait> traits = []>
    : Op<NN_Dialect, mnemonic, !listconcat(traits, [NoSideEffect])> {
  let verifier = [{ return ::verify(*this); }];
}

#endif // NNCC_DIALECT_NN_IR_NNBASE_TD
