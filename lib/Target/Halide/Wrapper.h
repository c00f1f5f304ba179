//===- Wrapper.h - the C entry points of a compiled network ------*- C++ -*-===//

#ifndef NNCC_LIB_TARGET_HALIDE_WRAPPER_H
#define NNCC_LIB_TARGET_HALIDE_WRAPPER_H

#include "Plan.h"

#include "llvm/IR/Module.h"

namespace nncc {

/// Adds to `module` (which holds the kernels as `<kernelPrefix><i>`):
///   int <name>(const float *in0, ..., float *out0, ...)
///   int <name>_set_num_threads(int n)
/// and the weights as private globals; kernels become internal. With
/// `profile`, every kernel call is timed and <name>_profile_* read the times
/// (Profile.h). Returns false when the module lacks Halide's buffer types.
bool emitEntryPoints(llvm::Module &module, const Plan &plan,
                     llvm::StringRef name, llvm::StringRef kernelPrefix,
                     bool profile);

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_WRAPPER_H
