//===- Profile.h - kernel-call timers of a profiling build ------*- C++ -*-===//
//
// `nncc --profile` objects time every kernel call the entry point makes with
// the monotonic clock and accumulate the nanoseconds in a table the header's
// <name>_profile_* functions read. Objects built without it are unchanged.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_LIB_TARGET_HALIDE_PROFILE_H
#define NNCC_LIB_TARGET_HALIDE_PROFILE_H

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace nncc {

/// The timers of one entry point with `calls` kernel calls. Construction adds
/// the table and the C functions
///   int <name>_profile_calls(void)
///   double <name>_profile_ms(int call)
///   void <name>_profile_reset(void)
/// to the module; start/stop instrument one call.
class CallProfiler {
public:
  CallProfiler(llvm::Module &module, llvm::StringRef name, unsigned calls);

  /// Reads the clock: the start of a call.
  llvm::Value *start(llvm::IRBuilder<> &builder);
  /// Reads the clock again and adds the time since `started` to `call`'s
  /// entry, atomically (the entry point may run on several threads).
  void stop(llvm::IRBuilder<> &builder, unsigned call, llvm::Value *started);

private:
  void emitAccessors(llvm::StringRef name);

  llvm::Module &module;
  unsigned calls;
  llvm::GlobalVariable *table = nullptr;
  llvm::Function *now = nullptr;
};

} // namespace nncc

#endif // NNCC_LIB_TARGET_HALIDE_PROFILE_H
