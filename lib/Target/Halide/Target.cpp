//===- Target.cpp - --target parsing -----------------------------------===//
//
// Users name targets as `host`, in Halide's form (arch-bits-os[-features]) or
// as a GNU triple; all become a Halide::Target for Linux.
//
//===----------------------------------------------------------------------===//

#include "Target.h"
#include "nncc/Support/Diagnostics.h"
#include "nncc/Target/Halide/HalideCodegen.h"

using namespace llvm;

const char *const nncc::acceptedTargets =
    "host, x86_64-linux-gnu, aarch64-linux-gnu, or Halide's "
    "arch-bits-os[-feature...] form such as x86-64-linux-avx2-fma, "
    "x86-64-linux-avx512_skylake, arm-64-linux, arm-64-linux-arm_dot_prod";

Optional<Halide::Target> nncc::parseTarget(StringRef text) {
  std::string halideForm = text.str();
  // GNU triples name the baseline of their architecture.
  if (text == "x86_64-linux-gnu" || text == "x86_64-unknown-linux-gnu")
    halideForm = "x86-64-linux-sse41";
  else if (text == "aarch64-linux-gnu" || text == "aarch64-unknown-linux-gnu")
    halideForm = "arm-64-linux";
  if (halideForm != "host" && !Halide::Target::validate_target_string(
                                  halideForm))
    return None;
  Halide::Target target = halideForm == "host" ? Halide::get_host_target()
                                               : Halide::Target(halideForm);
  if (target.os != Halide::Target::Linux ||
      (target.arch != Halide::Target::X86 &&
       target.arch != Halide::Target::ARM) ||
      target.bits != 64)
    return None;
  return target;
}

mlir::LogicalResult nncc::checkTarget(StringRef text) {
  if (parseTarget(text))
    return mlir::success();
  reportError("unknown target '" + text + "' (accepted: " + acceptedTargets +
              ")");
  return mlir::failure();
}
