//===- Target.cpp - --target parsing -----------------------------------===//
//
// Users name targets as `host`, in Halide's form (arch-bits-os[-features]) or
// as a GNU triple; all become a Halide::Target for Linux.
//
//===----------------------------------------------------------------------===//

#include "Target.h"
#include "nncc/Support/Diagnostics.h"
#include "nncc/Target/Halide/HalideCodegen.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/Support/Host.h"

using namespace llvm;

const char *const nncc::acceptedTargets =
    "host, x86_64-linux-gnu, aarch64-linux-gnu, or Halide's "
    "arch-bits-os[-feature...] form such as x86-64-linux-avx2-fma, "
    "x86-64-linux-avx512_skylake, arm-64-linux, arm-64-linux-arm_dot_prod";

/// The machine nncc runs on. Halide 14 takes any x86 CPU with AVX512-VNNI
/// and AVX512-BF16 for Sapphire Rapids, whose LLVM CPU has AVX-VNNI too (the
/// VEX encoding): on AMD Zen 4, which has only the AVX-512 one, the objects
/// died of SIGILL on a vpdpwssd in index arithmetic. Without AVX-VNNI the
/// target keeps the AVX-512 subsets up to Cannon Lake's.
static Halide::Target hostTarget() {
  Halide::Target target = Halide::get_host_target();
  StringMap<bool> features;
  if (target.has_feature(Halide::Target::AVX512_SapphireRapids) &&
      sys::getHostCPUFeatures(features) && !features.lookup("avxvnni"))
    target = target.without_feature(Halide::Target::AVX512_SapphireRapids);
  return target;
}

nncc::CodegenOptions::WideFMA nncc::wideFMAOf(const CodegenOptions &options) {
  using WideFMA = nncc::CodegenOptions::WideFMA;
  if (options.wideFMA != WideFMA::Auto)
    return options.wideFMA;
  StringMap<bool> features;
  if (options.target != "host" || !sys::getHostCPUFeatures(features) ||
      !features.lookup("avx512f"))
    return WideFMA::Full;
  StringRef cpu = sys::getHostCPUName();
  if (cpu == "znver3" || cpu == "znver4")
    return WideFMA::Split;
  // By the CPUID vendor: LLVM 14 names recent Xeons after older cores
  // (icelake-client for an Emerald Rapids).
  return sys::detail::x86::getVendorSignature() ==
                 sys::detail::x86::VendorSignatures::GENUINE_INTEL
             ? WideFMA::Intel
             : WideFMA::Full;
}

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
  Halide::Target target =
      halideForm == "host" ? hostTarget() : Halide::Target(halideForm);
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
