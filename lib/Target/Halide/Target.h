//===- Target.h - --target parsing -------------------------------*- C++ -*-===//

#ifndef NNCC_LIB_TARGET_HALIDE_TARGET_H
#define NNCC_LIB_TARGET_HALIDE_TARGET_H

#include "Halide.h"
#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

namespace nncc {

/// The Halide target for a --target value, or None for an unknown form.
llvm::Optional<Halide::Target> parseTarget(llvm::StringRef text);

/// The accepted --target forms, for error messages.
extern const char *const acceptedTargets;

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_TARGET_H
