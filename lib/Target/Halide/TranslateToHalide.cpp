//===- TranslateToHalide.cpp - nn function to object code ---------------===//
//
// Plans the function, compiles each distinct kernel as its own Halide
// pipeline (per-layer pipelines compile several times faster than one
// whole-network pipeline, at the same speed), gathers them in one Halide
// module, lowers that to LLVM together with the Halide runtime, adds the C
// entry points and writes the requested artifact.
//
//===----------------------------------------------------------------------===//

#include "Plan.h"
#include "Target.h"
#include "Wrapper.h"
#include "nncc/Support/Diagnostics.h"
#include "nncc/Target/Halide/HalideCodegen.h"

#include "mlir/IR/BuiltinOps.h"
#include "llvm/IR/LLVMContext.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/FormatVariadic.h"

#include <iostream>
#include <sstream>

using namespace nncc;
using namespace mlir;

void writeHeader(const Plan &plan, llvm::StringRef name, bool profile,
                 llvm::raw_ostream &os);

/// Halide's multi-line error text as one line.
static std::string oneLine(const Halide::Error &e) {
  std::string text = e.what();
  llvm::StringRef rest(text);
  rest.consume_front("Error: ");
  std::string line;
  for (char c : rest.trim())
    line += c == '\n' ? ' ' : c;
  return line;
}

/// The function code generation compiles: the module's only function.
static FuncOp entryFunction(ModuleOp module) {
  auto funcs = llvm::to_vector<1>(module.getOps<FuncOp>());
  if (funcs.size() != 1) {
    module.emitError("code generation needs exactly one function, found ")
        << funcs.size();
    return nullptr;
  }
  return funcs.front();
}

namespace {
/// A function planned and its kernels compiled into one Halide module.
struct Compiled {
  Plan plan;
  std::unique_ptr<Halide::Module> module;
  /// Each kernel's loop nest, as Halide prints it (with its vectorized,
  /// unrolled and parallel loops); empty unless asked for.
  std::vector<std::string> loopNests;
};

/// Halide prints loop nests to standard error only. Printing lowers the
/// schedule, which throws on an invalid one: standard error gets its buffer
/// back on the way out either way (left pointing at the destroyed string
/// stream, it crashed the process at exit).
static std::string loopNest(Halide::Func f) {
  std::ostringstream text;
  struct Redirect {
    std::streambuf *saved;
    ~Redirect() { std::cerr.rdbuf(saved); }
  } redirect{std::cerr.rdbuf(text.rdbuf())};
  f.print_loop_nest();
  return text.str();
}
} // namespace

/// Refuses a plan whose embedded weights or activation arena exceed the
/// user's limit, before Halide compiles (and the object embeds) anything.
static LogicalResult checkMemoryLimit(FuncOp func, const Plan &plan,
                                      const CodegenOptions &options) {
  int64_t weightBytes = 0;
  for (const ConstantData &constant : plan.constants)
    weightBytes += constant.layout.span() * int64_t(sizeof(float));
  auto check = [&](StringRef what, int64_t bytes) -> LogicalResult {
    if (bytes <= options.memoryLimit)
      return success();
    return func.emitError() << what << " " << bytes << " bytes ("
                            << llvm::formatv("{0:F1}", bytes / 1048576.0).str()
                            << " MiB), over the limit of "
                            << options.memoryLimit
                            << " bytes (set with --memory-limit)";
  };
  return success(succeeded(check("the weights need", weightBytes)) &&
                 succeeded(check("the activation arena needs", plan.arenaBytes)));
}

/// Printing a loop nest lowers the schedule a second time (8% of MobileNet
/// V2's compile), so only the Halide artifact, which shows them, asks.
static FailureOr<Compiled>
compile(ModuleOp module, const CodegenOptions &options, bool withLoopNests) {
  FuncOp func = entryFunction(module);
  if (!func)
    return failure();
  Optional<Halide::Target> parsed = parseTarget(options.target);
  if (!parsed) {
    func.emitError("unknown target '")
        << options.target << "' (accepted: " << acceptedTargets << ")";
    return failure();
  }
  // Descriptors come from our own wrapper, never a bounds query.
  Halide::Target target =
      parsed->with_feature(Halide::Target::NoBoundsQuery);
  CodegenOptions::WideFMA wideFMA = wideFMAOf(options);
  FailureOr<Plan> plan = planFunction(func, target, options.threads, wideFMA);
  if (failed(plan) || failed(checkMemoryLimit(func, *plan, options)))
    return failure();

  Compiled compiled{std::move(*plan),
                    std::make_unique<Halide::Module>(options.name, target),
                    {}};
  for (auto it : llvm::enumerate(compiled.plan.kernels)) {
    const KernelRequest &request = it.value();
    Operation *where = request.op ? request.op : func.getOperation();
    try {
      FailureOr<Kernel> kernel = buildKernel(request, options.threads, wideFMA);
      if (failed(kernel))
        return failure();
      if (withLoopNests)
        compiled.loopNests.push_back(loopNest(kernel->output));
      std::vector<Halide::Argument> args(kernel->params.begin(),
                                         kernel->params.end());
      Halide::Module m = Halide::Pipeline(kernel->output)
                             .compile_to_module(
                                 args,
                                 options.name + "_k" +
                                     std::to_string(it.index()),
                                 target, Halide::LinkageType::External);
      for (const auto &f : m.functions())
        compiled.module->append(f);
      // Constant tables a kernel reads (channel maps).
      for (const auto &b : m.buffers())
        compiled.module->append(b);
    } catch (const Halide::Error &e) {
      where->emitError("Halide could not compile this layer: ") << oneLine(e);
      return failure();
    }
  }
  return std::move(compiled);
}

LogicalResult nncc::emitArtifact(ModuleOp module,
                                 const CodegenOptions &options,
                                 Artifact artifact,
                                 llvm::raw_pwrite_stream &os) {
  FailureOr<Compiled> compiled =
      compile(module, options, artifact == Artifact::HalideStmt);
  if (failed(compiled))
    return failure();
  if (artifact == Artifact::HalideStmt) {
    os << "// activation arena: " << compiled->plan.arenaBytes << " bytes, "
       << compiled->plan.calls.size() << " kernel calls, "
       << compiled->plan.kernels.size() << " distinct kernels\n";
    for (auto it : llvm::enumerate(compiled->plan.kernels)) {
      Operation *op = it.value().op;
      os << "// kernel " << options.name << "_k" << it.index() << ": "
         << (op ? op->getName().getStringRef() : StringRef("copy"));
      if (op)
        os << " at " << describeLocation(op->getLoc());
      os << "\n" << compiled->loopNests[it.index()];
    }
    std::ostringstream stmt;
    for (const auto &f : compiled->module->functions())
      stmt << "// lowered " << f.name << "\n" << f.body << "\n";
    os << stmt.str();
    return success();
  }
  llvm::LLVMContext llvmContext;
  std::unique_ptr<llvm::Module> llvmModule;
  try {
    llvmModule =
        Halide::compile_module_to_llvm_module(*compiled->module, llvmContext);
  } catch (const Halide::Error &e) {
    return module.emitError("Halide could not generate code: ") << oneLine(e);
  }
  if (!emitEntryPoints(*llvmModule, compiled->plan, options.name,
                       options.name + "_k", options.profile))
    return module.emitError("internal error: no entry point (Halide's module "
                            "lacks the buffer types or a kernel, or the "
                            "thread pool did not link)");
  switch (artifact) {
  case Artifact::LLVMIR:
    llvmModule->print(os, nullptr);
    break;
  case Artifact::Assembly:
    Halide::compile_llvm_module_to_assembly(*llvmModule, os);
    break;
  case Artifact::Object:
    Halide::compile_llvm_module_to_object(*llvmModule, os);
    break;
  case Artifact::HalideStmt:
    break;
  }
  return success();
}

LogicalResult nncc::emitHeader(ModuleOp module, const CodegenOptions &options,
                               llvm::raw_ostream &os) {
  FuncOp func = entryFunction(module);
  if (!func)
    return failure();
  // The header needs only the interface: plan without compiling kernels.
  Optional<Halide::Target> target = parseTarget(options.target);
  if (!target)
    return func.emitError("unknown target '") << options.target << "'";
  FailureOr<Plan> plan =
      planFunction(func, *target, options.threads, wideFMAOf(options));
  if (failed(plan))
    return failure();
  writeHeader(*plan, options.name, options.profile, os);
  return success();
}
