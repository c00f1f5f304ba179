//===- Pipeline.h - the default nn graph pipeline ---------------*- C++ -*-===//
//
// The one pipeline `nncc` runs between import and code generation. It is also
// registered as `--nncc-default` in nncc-opt so both tools run the same passes.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_PIPELINE_PIPELINE_H
#define NNCC_PIPELINE_PIPELINE_H

#include "mlir/Pass/PassManager.h"

namespace nncc {

/// Adds the default graph passes to `pm` (which runs on a builtin.module).
void buildDefaultPipeline(mlir::OpPassManager &pm);

/// Registers the default pipeline as `nncc-default` and every nn pass.
void registerPipelines();

/// Registers MLIR's pass manager flags and lets its IR printing flags also be
/// spelled `--mlir-print-ir-after-all`, `--mlir-print-ir-after=<pass>`, ... as
/// in newer MLIR and nncc's documentation (MLIR 14 names them
/// `--print-ir-*`). Call before parsing the command line.
void registerIRPrintingFlagAliases();

} // namespace nncc

#endif // NNCC_PIPELINE_PIPELINE_H
