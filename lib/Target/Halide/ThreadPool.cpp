//===- ThreadPool.cpp - the parallel loops' runtime in every object -----===//

#include "ThreadPool.h"

#include "llvm/ADT/Triple.h"
#include "llvm/Bitcode/BitcodeReader.h"
#include "llvm/Linker/Linker.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace llvm;

static const unsigned char x86Bitcode[] = {
#include "ThreadPool-x86_64.inc"
};
static const unsigned char aarch64Bitcode[] = {
#include "ThreadPool-aarch64.inc"
};

bool nncc::linkThreadPool(Module &module, ThreadPoolFunctions &pool) {
  Triple triple(module.getTargetTriple());
  StringRef bitcode;
  if (triple.getArch() == Triple::x86_64)
    bitcode = StringRef(reinterpret_cast<const char *>(x86Bitcode),
                        sizeof(x86Bitcode));
  else if (triple.getArch() == Triple::aarch64)
    bitcode = StringRef(reinterpret_cast<const char *>(aarch64Bitcode),
                        sizeof(aarch64Bitcode));
  else
    return true;
  Expected<std::unique_ptr<Module>> parsed = parseBitcodeFile(
      MemoryBufferRef(bitcode, "ThreadPool.bc"), module.getContext());
  if (!parsed) {
    consumeError(parsed.takeError());
    return false;
  }
  // Built for the architecture's generic Linux triple: take the module's
  // exact triple and layout so that linking does not warn.
  (*parsed)->setTargetTriple(module.getTargetTriple());
  (*parsed)->setDataLayout(module.getDataLayout());
  if (Linker::linkModules(module, std::move(*parsed)))
    return false;
  pool.parFor = module.getFunction("nncc_pool_par_for");
  pool.setThreads = module.getFunction("nncc_pool_set_threads");
  return pool.parFor && pool.setThreads;
}
