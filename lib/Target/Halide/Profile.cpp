//===- Profile.cpp - per-kernel-call timers of a profiling build --------===//
//
// The clock is clock_gettime(CLOCK_MONOTONIC), which every target nncc
// accepts (64-bit Linux) has with the same struct timespec layout; the table
// holds nanoseconds per call, summed over runs until a reset.
//
//===----------------------------------------------------------------------===//

#include "Profile.h"

#include "llvm/IR/Constants.h"

using namespace nncc;
using namespace llvm;

/// CLOCK_MONOTONIC on Linux, on every architecture.
static constexpr int clockMonotonic = 1;

CallProfiler::CallProfiler(Module &module, StringRef name, unsigned calls)
    : module(module), calls(calls) {
  LLVMContext &ctx = module.getContext();
  Type *i64 = Type::getInt64Ty(ctx), *i32 = Type::getInt32Ty(ctx);
  auto *tableTy = ArrayType::get(i64, calls);
  table = new GlobalVariable(
      module, tableTy, /*isConstant=*/false, GlobalValue::InternalLinkage,
      Constant::getNullValue(tableTy), name + "_profile_ns");
  table->setAlignment(Align(64));

  // i64 now(): nanoseconds of the monotonic clock.
  auto *timespecTy = StructType::get(ctx, {i64, i64});
  FunctionCallee clockGettime = module.getOrInsertFunction(
      "clock_gettime", i32, i32, PointerType::getUnqual(timespecTy));
  now = Function::Create(FunctionType::get(i64, false),
                         GlobalValue::InternalLinkage, name + "_profile_now",
                         module);
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", now));
  Value *ts = b.CreateAlloca(timespecTy);
  b.CreateCall(clockGettime, {ConstantInt::get(i32, clockMonotonic), ts});
  Value *sec = b.CreateLoad(i64, b.CreateStructGEP(timespecTy, ts, 0));
  Value *nsec = b.CreateLoad(i64, b.CreateStructGEP(timespecTy, ts, 1));
  b.CreateRet(
      b.CreateAdd(b.CreateMul(sec, ConstantInt::get(i64, 1000000000)), nsec));

  emitAccessors(name);
}

Value *CallProfiler::start(IRBuilder<> &builder) {
  return builder.CreateCall(now);
}

void CallProfiler::stop(IRBuilder<> &builder, unsigned call, Value *started) {
  assert(call < calls && "kernel call without a timer");
  Value *elapsed = builder.CreateSub(builder.CreateCall(now), started);
  Value *entry =
      builder.CreateConstInBoundsGEP2_32(table->getValueType(), table, 0, call);
  builder.CreateAtomicRMW(AtomicRMWInst::Add, entry, elapsed, MaybeAlign(8),
                          AtomicOrdering::Monotonic);
}

void CallProfiler::emitAccessors(StringRef name) {
  LLVMContext &ctx = module.getContext();
  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  Type *f64 = Type::getDoubleTy(ctx);
  auto define = [&](StringRef suffix, Type *result, ArrayRef<Type *> params) {
    return Function::Create(FunctionType::get(result, params, false),
                            GlobalValue::ExternalLinkage, name + suffix,
                            module);
  };

  Function *count = define("_profile_calls", i32, {});
  IRBuilder<> b(BasicBlock::Create(ctx, "entry", count));
  b.CreateRet(ConstantInt::get(i32, calls));

  // Out-of-range calls read -1 rather than memory past the table.
  Function *ms = define("_profile_ms", f64, {i32});
  auto *entry = BasicBlock::Create(ctx, "entry", ms);
  auto *read = BasicBlock::Create(ctx, "read", ms);
  auto *outside = BasicBlock::Create(ctx, "outside", ms);
  b.SetInsertPoint(entry);
  b.CreateCondBr(b.CreateICmpULT(ms->getArg(0), ConstantInt::get(i32, calls)),
                 read, outside);
  b.SetInsertPoint(outside);
  b.CreateRet(ConstantFP::get(f64, -1.0));
  b.SetInsertPoint(read);
  Value *slot = b.CreateInBoundsGEP(
      table->getValueType(), table,
      {ConstantInt::get(i64, 0), b.CreateZExt(ms->getArg(0), i64)});
  LoadInst *ns = b.CreateAlignedLoad(i64, slot, MaybeAlign(8));
  ns->setAtomic(AtomicOrdering::Monotonic);
  b.CreateRet(
      b.CreateFMul(b.CreateSIToFP(ns, f64), ConstantFP::get(f64, 1e-6)));

  Function *reset = define("_profile_reset", Type::getVoidTy(ctx), {});
  b.SetInsertPoint(BasicBlock::Create(ctx, "entry", reset));
  b.CreateMemSet(table, b.getInt8(0), uint64_t(calls) * 8, MaybeAlign(64));
  b.CreateRetVoid();
}
