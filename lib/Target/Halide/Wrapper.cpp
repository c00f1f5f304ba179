//===- Wrapper.cpp - the C entry points of a compiled network -----------===//
//
// The entry point checks its pointers, allocates the activation arena, then
// calls each kernel with halide_buffer_t descriptors built on its stack.
// Shapes are static, so the descriptors' dimensions are constant data; only
// host pointers are computed at run time.
//
//===----------------------------------------------------------------------===//

#include "Wrapper.h"
#include "Profile.h"

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
  Value *hostPointer(const Storage &s);
  Value *bufferFor(const Storage &s);
  Constant *dimsFor(const Storage &s);
  void emitSetNumThreads();

  Module &module;
  LLVMContext &ctx;
  const Plan &plan;
  std::string name;
  IRBuilder<> builder;
  StructType *bufferTy = nullptr, *dimTy = nullptr;
  Function *entry = nullptr;
  Value *arena = nullptr;
  std::vector<Constant *> weights;
  std::map<std::string, Constant *> dimArrays;
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
    base = entry->getArg(s.index);
    break;
  case Storage::Base::Output:
    base = entry->getArg(plan.inputs.size() + s.index);
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

Value *WrapperBuilder::bufferFor(const Storage &s) {
  IRBuilder<> entryBuilder(&entry->getEntryBlock(),
                           entry->getEntryBlock().begin());
  Value *buffer = entryBuilder.CreateAlloca(bufferTy);
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
  builder.CreateRet(ConstantInt::get(i32, 0));
}

bool WrapperBuilder::run(StringRef kernelPrefix, bool profile) {
  bufferTy = StructType::getTypeByName(ctx, "struct.halide_buffer_t");
  dimTy = StructType::getTypeByName(ctx, "struct.halide_dimension_t");
  if (!bufferTy || !dimTy)
    return false;
  Type *i32 = Type::getInt32Ty(ctx), *i64 = Type::getInt64Ty(ctx);
  Type *i8Ptr = Type::getInt8PtrTy(ctx);

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
  auto *body = BasicBlock::Create(ctx, "entry", entry);
  auto *fail = BasicBlock::Create(ctx, "fail", entry);
  auto *done = BasicBlock::Create(ctx, "done", entry);
  builder.SetInsertPoint(fail);
  builder.CreateRet(ConstantInt::get(i32, -1));

  // A NULL pointer would be a bounds query to Halide: refuse it here.
  builder.SetInsertPoint(body);
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
  arena = arenaPhi;

  // Each call: descriptors, the call (timed when profiling), and a jump out
  // on failure.
  builder.SetInsertPoint(run);
  std::optional<CallProfiler> profiler;
  if (profile)
    profiler.emplace(module, name, plan.calls.size());
  std::vector<std::pair<BasicBlock *, Value *>> failures;
  for (auto it : llvm::enumerate(plan.calls)) {
    const Call &call = it.value();
    Function *kernel =
        module.getFunction((kernelPrefix + Twine(call.kernel)).str());
    if (!kernel)
      return false;
    SmallVector<Value *, 6> args;
    for (const Storage &s : call.args)
      args.push_back(bufferFor(s));
    Value *started = profiler ? profiler->start(builder) : nullptr;
    Value *status = builder.CreateCall(kernel, args);
    if (profiler)
      profiler->stop(builder, it.index(), started);
    auto *next = BasicBlock::Create(ctx, "next", entry, fail);
    failures.push_back({builder.GetInsertBlock(), status});
    builder.CreateCondBr(builder.CreateICmpNE(status, ConstantInt::get(i32, 0)),
                         done, next);
    builder.SetInsertPoint(next);
  }
  builder.CreateBr(done);
  BasicBlock *last = builder.GetInsertBlock();
  builder.SetInsertPoint(done);
  PHINode *result = builder.CreatePHI(i32, failures.size() + 1);
  for (auto &[block, status] : failures)
    result->addIncoming(status, block);
  result->addIncoming(ConstantInt::get(i32, 0), last);
  // Give the arena back to the cache; free whatever another call put there.
  Value *previous = builder.CreateIntToPtr(
      builder.CreateAtomicRMW(AtomicRMWInst::Xchg, cache,
                              builder.CreatePtrToInt(arena, i64),
                              MaybeAlign(8), AtomicOrdering::AcquireRelease),
      i8Ptr);
  builder.CreateCall(release, {previous});
  builder.CreateRet(result);

  emitSetNumThreads();
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
