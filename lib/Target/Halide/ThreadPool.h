//===- ThreadPool.h - the parallel loops' runtime in every object -*- C++ -*-===//
//
// runtime/ThreadPool.c, built as bitcode for each architecture at nncc's
// build time, links into the object's module: the entry point installs it as
// Halide's do_par_for.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_TARGET_HALIDE_THREADPOOL_H
#define NNCC_LIB_TARGET_HALIDE_THREADPOOL_H

#include "llvm/IR/Module.h"

namespace nncc {

/// The pool's functions once linked into a module.
struct ThreadPoolFunctions {
  /// int nncc_pool_par_for(void *, halide_task_t, int min, int size, uint8_t *)
  llvm::Function *parFor = nullptr;
  /// void nncc_pool_set_threads(int)
  llvm::Function *setThreads = nullptr;
};

/// Links the pool for the module's target architecture into `module`. Leaves
/// `pool` empty for an architecture nncc has no pool for (Halide's own then
/// runs the loops). Returns false when the bitcode does not link, an
/// internal error.
bool linkThreadPool(llvm::Module &module, ThreadPoolFunctions &pool);

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_THREADPOOL_H
