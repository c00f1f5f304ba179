//===- Wrapper.cpp - the C entry points of a compiled network -----------===//
//
// The entry point checks its pointers, allocates the activation arena, then
// calls each kernel with halide_buffer_t descriptors built on its stack.
// Shapes are static, so the descriptors' dimensions are constant data; only
// host pointers are computed at run time. The calls are split into parts
// (functions of at most a few hundred calls): LLVM's code generation is
// super-linear in a function's size (machine CSE, instruction selection), and
// a 10,000-call entry took minutes to compile where its parts take seconds.
//
//===----------------------------------------------------------------------===//

#include "Wrapper.h"
#include "Profile.h"
#include "ThreadPool.h"

#include "llvm/IR/Constants.h"
#include "llvm/IR/IRBuilder.h"

#include <optional>

using namespace nncc;
using namespace llvm;

namespace {
class WrapperBuilder {
public:
  WrapperBuilder(Module &module, const Plan &plan, StringRef name)
      : module(module), ctx(module.getContext()), plan(plan), name(name),
        builder(ctx) {}

  bool run(StringRef kernelPrefix, bool profile);

private:
  /// Emits the calls of `calls` as one internal function taking the entry's
  /// pointers and the arena, returning the first non-zero status or 0.
  Function *emitPart(ArrayRef<Call> calls, size_t firstCall,
                     StringRef kernelPrefix);
  /// Emits `count` calls made by `emitCall(i)`, each returning an i32
  /// status, stopping at the first non-zero one. Leaves the insert point in
  /// a block where the returned value is that status, or 0.
  Value *emitUntilFailure(size_t count,
                          function_ref<Value *(size_t)> emitCall);
  Value *hostPointer(const Storage &s);
  /// The descriptor of argument `slot` of the next call, filled for `s`.
  Value *bufferFor(const Storage &s, unsigned slot);
  Constant *dimsFor(const Storage &s);
  void emitSetNumThreads();
  void routeErrors();
  /// Makes the pool's do_par_for Halide's (at the insert point).
  void installThreadPool();

  Module &module;
  LLVMContext &ctx;
  const Plan &plan;
  std::string name;
  IRBuilder<> builder;
  StructType *bufferTy = nullptr, *dimTy = nullptr;
  Function *entry = nullptr;
  /// Times each kernel call in a profiling build.
  std::optional<CallProfiler> profiler;
  ThreadPoolFunctions pool;
  /// The part under construction and its arena argument.
  Function *part = nullptr;
  Value *arena = nullptr;
  std::vector<Constant *> weights;
  std::map<std::string, Constant *> dimArrays;
  /// The part's descriptors by argument position, reused by its calls.
  std::vector<AllocaInst *> slots;
};
} // namespace

Constant *WrapperBuilder::dimsFor(const Storage &s) {
  std::string key = s.layoutKey();
  auto it = dimArrays.find(key);
  if (it != dimArrays.end())
    return it->second;
  std::vector<Constant *> dims;
  auto i32 = [&](int64_t v) {
    return ConstantInt::get(Type::getInt32Ty(ctx), v);
  };
  for (const Dim &d : s.dims)
    dims.push_back(ConstantStruct::get(
        dimTy, {i32(0), i32(d.extent), i32(d.stride), i32(0)}));
  auto *arrayTy = ArrayType::get(dimTy, dims.size());
  // Not constant: halide_buffer_t points at its dims without const.
  auto *global = new GlobalVariable(
      module, arrayTy, /*isConstant=*/false, GlobalValue::PrivateLinkage,
      ConstantArray::get(arrayTy, dims), name + "_dims");
  Constant *first = ConstantExpr::getInBoundsGetElementPtr(
      arrayTy, global,
      ArrayRef<Constant *>{ConstantInt::get(Type::getInt32Ty(ctx), 0),
                           ConstantInt::get(Type::getInt32Ty(ctx), 0)});
  dimArrays[key] = first;
  return first;
}

Value *WrapperBuilder::hostPointer(const Storage &s) {
  Type *i8Ptr = Type::getInt8PtrTy(ctx);
  Value *base = nullptr;
  switch (s.base) {
  case Storage::Base::Input:
    base = part->getArg(s.index);
    break;
  case Storage::Base::Output:
    base = part->getArg(plan.inputs.size() + s.index);
    break;
  case Storage::Base::Constant:
    base = weights[s.index];
    break;
  case Storage::Base::Arena:
    base = builder.CreateConstInBoundsGEP1_64(
        Type::getInt8Ty(ctx), arena, plan.arenaOffsets[s.index]);
    break;
  }
  base = builder.CreateBitCast(base, i8Ptr);
  return builder.CreateConstInBoundsGEP1_64(Type::getInt8Ty(ctx), base,
                                            s.offset * 4);
}

Value *WrapperBuilder::bufferFor(const Storage &s, unsigned slot) {
  while (slots.size() <= slot) {
    IRBuilder<> entryBuilder(&part->getEntryBlock(),
                             part->getEntryBlock().begin());
    slots.push_back(entryBuilder.CreateAlloca(bufferTy));
  }
  Value *buffer = slots[slot];
  builder.CreateStore(Constant::getNullValue(bufferTy), buffer);
  builder.CreateStore(hostPointer(s),
                      builder.CreateStructGEP(bufferTy, buffer, 2));
  // halide_type_t {code = float, bits = 32, lanes = 1}.
  auto *typeTy = cast<StructType>(bufferTy->getElementType(4));
  builder.CreateStore(
      ConstantStruct::get(typeTy,
                          {ConstantInt::get(typeTy->getElementType(0), 2),
                           ConstantInt::get(typeTy->getElementType(1), 32),
                           ConstantInt::get(typeTy->getElementType(2), 1)}),
      builder.CreateStructGEP(bufferTy, buffer, 4));
  builder.CreateStore(ConstantInt::get(Type::getInt32Ty(ctx), s.rank()),
                      builder.CreateStructGEP(bufferTy, buffer, 5));
  builder.CreateStore(dimsFor(s),
                      builder.CreateStructGEP(bufferTy, buffer, 6));
  return buffer;
}

void WrapperBuilder::emitSetNumThreads() {
  Type *i32 = Type::getInt32Ty(ctx);
  FunctionCallee halideSet =
      module.getOrInsertFunction("halide_set_num_threads", i32, i32);
  Function *f = Function::Create(FunctionType::get(i32, {i32}, false),
                                 GlobalValue::ExternalLinkage,
                                 name + "_set_num_threads", module);
  auto *body = BasicBlock::Create(ctx, "entry", f);
  auto *set = BasicBlock::Create(ctx, "set", f);
  auto *bad = BasicBlock::Create(ctx, "bad", f);
  builder.SetInsertPoint(body);
  builder.CreateCondBr(
      builder.CreateICmpSLT(f->getArg(0), ConstantInt::get(i32, 1)), bad,
      set);
  builder.SetInsertPoint(bad);
  builder.CreateRet(ConstantInt::get(i32, -1));
  builder.SetInsertPoint(set);
  builder.CreateCall(halideSet, {f->getArg(0)});
  if (pool.setThreads)
    builder.CreateCall(pool.setThreads, {f->getArg(0)});
  builder.CreateRet(ConstantInt::get(i32, 0));
}

void WrapperBuilder::installThreadPool() {
  Function *setter = module.getFunction("halide_set_custom_do_par_for");
  if (!pool.parFor || !setter)
    return;
  builder.CreateCall(setter, {builder.CreatePointerCast(
                                 pool.parFor, setter->getArg(0)->getType())});
}

Value *WrapperBuilder::emitUntilFailure(
    size_t count, function_ref<Value *(size_t)> emitCall) {
  Function *f = builder.GetInsertBlock()->getParent();
  auto *done = BasicBlock::Create(ctx, "done", f);
  std::vector<std::pair<BasicBlock *, Value *>> failures;
  for (size_t i = 0; i < count; ++i) {
    Value *status = emitCall(i);
    auto *next = BasicBlock::Create(ctx, "next", f, done);
    failures.push_back({builder.GetInsertBlock(), status});
    builder.CreateCondBr(builder.CreateICmpNE(status, builder.getInt32(0)),
                         done, next);
    builder.SetInsertPoint(next);
  }
  builder.CreateBr(done);
  BasicBlock *last = builder.GetInsertBlock();
  builder.SetInsertPoint(done);
  PHINode *result = builder.CreatePHI(builder.getInt32Ty(), count + 1);
  for (auto &[block, status] : failures)
    result->addIncoming(status, block);
  result->addIncoming(builder.getInt32(0), last);
  return result;
}

Function *WrapperBuilder::emitPart(ArrayRef<Call> calls, size_t firstCall,
                                   StringRef kernelPrefix) {
  auto entryParams = entry->getFunctionType()->params();
  SmallVector<Type *, 8> params(entryParams.begin(), entryParams.end());
  params.push_back(Type::getInt8PtrTy(ctx));
  part = Function::Create(
      FunctionType::get(builder.getInt32Ty(), params, false),
      GlobalValue::InternalLinkage, name + "_part", module);
  arena = part->getArg(params.size() - 1);
  slots.clear();
  builder.SetInsertPoint(BasicBlock::Create(ctx, "entry", part));
  bool missing = false;
  Value *status = emitUntilFailure(calls.size(), [&](size_t i) -> Value * {
    const Call &call = calls[i];
    Function *kernel =
        module.getFunction((kernelPrefix + Twine(call.kernel)).str());
    if (!kernel) {
      missing = true;
      return builder.getInt32(0);
    }
    SmallVector<Value *, 6> args;
    for (const Storage &s : call.args)
      args.push_back(bufferFor(s, args.size()));
    Value *started = profiler ? profiler->start(builder) : nullptr;
    Value *status = builder.CreateCall(kernel, args);
    if (profiler)
      profiler->stop(builder, firstCall + i, started);
    return status;
  });
  builder.CreateRet(status);
  return missing ? nullptr : part;
}

/// Halide's default error handler aborts the process, but a network's
/// caller expects a non-zero return (a kernel's allocation can fail, for
/// one). This object's calls to halide_error go to a handler that prints the
/// message through halide_print (which a program may override) and returns,
/// so the kernel returns its error code to the entry point. The weak
/// halide_error itself stays as it is for other Halide code in the program.
void WrapperBuilder::routeErrors() {
  Function *halideError = module.getFunction("halide_error");
  if (!halideError)
    return;
  Type *i8Ptr = Type::getInt8PtrTy(ctx);
  FunctionCallee print = module.getOrInsertFunction(
      "halide_print", Type::getVoidTy(ctx), i8Ptr, i8Ptr);
  Function *handler =
      Function::Create(halideError->getFunctionType(),
                       GlobalValue::InternalLinkage, name + "_error", module);
  builder.SetInsertPoint(BasicBlock::Create(ctx, "entry", handler));
  Value *context = handler->getArg(0);
  builder.CreateCall(print, {context, builder.CreateGlobalStringPtr("Error: ")});
  builder.CreateCall(print, {context, handler->getArg(1)});
  builder.CreateCall(print, {context, builder.CreateGlobalStringPtr("\n")});
  builder.CreateRetVoid();
  for (Use &use : llvm::make_early_inc_range(halideError->uses()))
    if (auto *call = dyn_cast<CallInst>(use.getUser()))
      if (call->getCalledOperand() == halideError)
        call->setCalledFunction(handler);
}

bool WrapperBuilder::run(StringRef kernelPrefix, bool profile) {
  bufferTy = StructType::getTypeByName(ctx, "struct.halide_buffer_t");
  dimTy = StructType::getTypeByName(ctx, "struct.halide_dimension_t");
  if (!bufferTy || !dimTy)
    return false;
  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  Type *i8Ptr = Type::getInt8PtrTy(ctx);
  if (!linkThreadPool(module, pool))
    return false;

  // Weights, 64-byte aligned for vector loads.
  for (auto it : llvm::enumerate(plan.constants)) {
    std::vector<float> data = it.value().packed();
    // As bytes: the assembler writes byte strings in one piece, but other
    // arrays element by element (minutes for a network's weights).
    Constant *init = ConstantDataArray::getString(
        ctx,
        StringRef(reinterpret_cast<const char *>(data.data()),
                  data.size() * sizeof(float)),
        /*AddNull=*/false);
    auto *global = new GlobalVariable(module, init->getType(), true,
                                      GlobalValue::PrivateLinkage, init,
                                      name + "_w" + std::to_string(it.index()));
    global->setAlignment(Align(64));
    weights.push_back(global);
  }

  SmallVector<Type *, 4> params(plan.inputs.size() + plan.outputs.size(),
                                Type::getFloatPtrTy(ctx));
  entry = Function::Create(FunctionType::get(i32, params, false),
                           GlobalValue::ExternalLinkage, name, module);
  // A part's code generation time grows faster than linearly with its size;
  // at this size the call overhead between parts is negligible.
  constexpr size_t callsPerPart = 256;
  if (profile)
    profiler.emplace(module, name, plan.calls.size());
  std::vector<Function *> parts;
  ArrayRef<Call> calls(plan.calls);
  for (size_t begin = 0; begin < calls.size(); begin += callsPerPart) {
    parts.push_back(emitPart(
        calls.slice(begin, std::min(callsPerPart, calls.size() - begin)),
        begin, kernelPrefix));
    if (!parts.back())
      return false;
  }

  auto *body = BasicBlock::Create(ctx, "entry", entry);
  auto *fail = BasicBlock::Create(ctx, "fail", entry);
  builder.SetInsertPoint(fail);
  builder.CreateRet(ConstantInt::get(i32, -1));

  // A NULL pointer would be a bounds query to Halide: refuse it here.
  builder.SetInsertPoint(body);
  installThreadPool();
  Value *anyNull = builder.getFalse();
  for (Argument &arg : entry->args())
    anyNull = builder.CreateOr(anyNull, builder.CreateIsNull(&arg));
  FunctionCallee allocate = module.getOrInsertFunction(
      "aligned_alloc", i8Ptr, i64, i64);
  FunctionCallee release =
      module.getOrInsertFunction("free", Type::getVoidTy(ctx), i8Ptr);
  int64_t arenaBytes = std::max<int64_t>(64, plan.arenaBytes);
  // The arena is allocated once and cached; a call that finds the cache
  // empty (first call, or another thread's call in progress) allocates its
  // own. Allocating per call would page-fault the arena in every time.
  // Held as an integer: LLVM 14 backends do not all exchange pointers
  // atomically.
  auto *cache = new GlobalVariable(module, i64, false,
                                   GlobalValue::InternalLinkage,
                                   ConstantInt::get(i64, 0), name + "_arena");
  auto *take = BasicBlock::Create(ctx, "take", entry, fail);
  auto *allocBlock = BasicBlock::Create(ctx, "alloc", entry, fail);
  auto *run = BasicBlock::Create(ctx, "run", entry, fail);
  builder.CreateCondBr(anyNull, fail, take);
  builder.SetInsertPoint(take);
  Value *cached = builder.CreateIntToPtr(
      builder.CreateAtomicRMW(AtomicRMWInst::Xchg, cache,
                              ConstantInt::get(i64, 0), MaybeAlign(8),
                              AtomicOrdering::AcquireRelease),
      i8Ptr);
  builder.CreateCondBr(builder.CreateIsNull(cached), allocBlock, run);
  builder.SetInsertPoint(allocBlock);
  Value *fresh = builder.CreateCall(
      allocate, {ConstantInt::get(i64, 64), ConstantInt::get(i64, arenaBytes)});
  auto *allocated = BasicBlock::Create(ctx, "allocated", entry, fail);
  builder.CreateCondBr(builder.CreateIsNull(fresh), fail, allocated);
  builder.SetInsertPoint(allocated);
  builder.CreateBr(run);
  builder.SetInsertPoint(run);
  PHINode *arenaPhi = builder.CreatePHI(i8Ptr, 2);
  arenaPhi->addIncoming(cached, take);
  arenaPhi->addIncoming(fresh, allocated);

  // Each part, with a jump out on failure.
  Value *result = emitUntilFailure(parts.size(), [&](size_t i) -> Value * {
    SmallVector<Value *, 8> args;
    for (Argument &arg : entry->args())
      args.push_back(&arg);
    args.push_back(arenaPhi);
    return builder.CreateCall(parts[i], args);
  });
  // Give the arena back to the cache; free whatever another call put there.
  Value *previous = builder.CreateIntToPtr(
      builder.CreateAtomicRMW(AtomicRMWInst::Xchg, cache,
                              builder.CreatePtrToInt(arenaPhi, i64),
                              MaybeAlign(8), AtomicOrdering::AcquireRelease),
      i8Ptr);
  builder.CreateCall(release, {previous});
  builder.CreateRet(result);

  emitSetNumThreads();
  routeErrors();
  // Kernels are reached only through the entry point: keep their names out
  // of the object's symbol table so several networks link together.
  for (unsigned i = 0; i < plan.kernels.size(); ++i)
    if (Function *k = module.getFunction((kernelPrefix + Twine(i)).str()))
      k->setLinkage(GlobalValue::InternalLinkage);
  return true;
}

bool nncc::emitEntryPoints(Module &module, const Plan &plan, StringRef name,
                           StringRef kernelPrefix, bool profile) {
  return WrapperBuilder(module, plan, name).run(kernelPrefix, profile);
}
