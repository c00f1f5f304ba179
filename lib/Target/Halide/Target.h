//===- Target.h - --target parsing -------------------------------*- C++ -*-===//

#ifndef NNCC_LIB_TARGET_HALIDE_TARGET_H
#define NNCC_LIB_TARGET_HALIDE_TARGET_H

#include "Halide.h"
#include "nncc/Target/Halide/HalideCodegen.h"
#include "llvm/ADT/Optional.h"
#include "llvm/ADT/StringRef.h"

namespace nncc {

/// The Halide target for a --target value, or None for an unknown form.
llvm::Optional<Halide::Target> parseTarget(llvm::StringRef text);

/// How the cores running the code execute 512-bit FMAs:
/// CodegenOptions::wideFMA, never Auto. Auto is known for the host only: AMD
/// Zen 4 (which LLVM 14 names znver3, the Zen 3 name, Zen 3 itself having no
/// AVX-512) splits them, an Intel CPU with AVX-512 is Intel, any other Full.
CodegenOptions::WideFMA wideFMAOf(const CodegenOptions &options);

/// The accepted --target forms, for error messages.
extern const char *const acceptedTargets;

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_TARGET_H
