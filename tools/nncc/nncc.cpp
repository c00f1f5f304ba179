//===- nncc.cpp - the nncc compiler driver -----------------------------===//
//
// nncc INPUT [-o OUTPUT] [--emit=STAGE]: reads an ONNX model (or nn-dialect
// .mlir), runs the default graph pipeline and emits the requested stage.
// Flags are parsed here; every stage is a library call.
//
//===----------------------------------------------------------------------===//

#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Pipeline/Pipeline.h"
#include "nncc/Support/Diagnostics.h"
#include "nncc/Support/OutputFile.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

using namespace mlir;
namespace cl = llvm::cl;

namespace {
/// The stages nncc can stop at, in pipeline order.
enum class Emit { NN, NNOpt, Halide, LLVM, Asm, Obj, Header };
} // namespace

static cl::OptionCategory nnccCategory("nncc options");
static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx | graph.mlir>"),
                                      cl::cat(nnccCategory));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("path"),
                                       cl::cat(nnccCategory));
static cl::opt<std::string> emitFlag(
    "emit", cl::init("obj"), cl::value_desc("stage"),
    cl::desc("Stage to emit; each is the input of the next:\n"
             "  nn      nn dialect as imported\n"
             "  nn-opt  nn dialect after the graph passes\n"
             "  halide  Halide's lowered statement\n"
             "  llvm    LLVM IR\n"
             "  asm     assembly\n"
             "  obj     object file, and its C header next to it (default)\n"
             "  header  the C header alone"),
    cl::cat(nnccCategory));

static const char *const stageNames[] = {"nn",  "nn-opt", "halide", "llvm",
                                         "asm", "obj",    "header"};

static StringRef stageName(Emit stage) {
  return stageNames[static_cast<int>(stage)];
}

/// The stage --emit names, or None after reporting an unknown one.
static llvm::Optional<Emit> parseStage(StringRef name) {
  for (auto it : llvm::enumerate(stageNames))
    if (name == it.value())
      return static_cast<Emit>(it.index());
  nncc::reportError("unknown --emit stage '" + name +
                    "' (expected nn, nn-opt, halide, llvm, asm, obj or "
                    "header)");
  return llvm::None;
}

static bool isTextStage(Emit stage) { return stage != Emit::Obj; }

/// Parses the command line; a bad flag becomes one nncc error line.
static bool parseFlags(int argc, char **argv) {
  std::string errors;
  llvm::raw_string_ostream os(errors);
  // LLVM's own codegen flags would drown ours in --help; MLIR's --mlir-*
  // flags still work and --help-hidden lists them.
  cl::HideUnrelatedOptions(nnccCategory);
  if (cl::ParseCommandLineOptions(
          argc, argv,
          "nncc: ahead-of-time compiler for compact convolutional networks\n\n"
          "  nncc model.onnx -o model.o   writes model.o and model.h\n\n"
          "MLIR's --mlir-* flags (e.g. --mlir-print-ir-after-all,\n"
          "--mlir-elide-elementsattrs-if-larger=N) are accepted too.\n",
          &os))
    return true;
  // cl prints "<prog>: <problem>.  Try: '<prog> --help'": keep the problem.
  StringRef first = StringRef(os.str()).split('\n').first;
  first = first.split(".  Try:").first;
  first.consume_front(llvm::sys::path::filename(argv[0]));
  first.consume_front(":");
  nncc::reportError(first.trim() + " (see nncc --help)");
  return false;
}

/// Reads the input into a module: .mlir is parsed, anything else is refused
/// until the ONNX importer exists.
static OwningOpRef<ModuleOp> loadInput(MLIRContext &ctx) {
  if (llvm::sys::fs::is_directory(inputPath)) {
    nncc::reportError(inputPath + ": is a directory, not a model file");
    return nullptr;
  }
  auto buffer = llvm::MemoryBuffer::getFile(inputPath, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/true);
  if (!buffer) {
    nncc::reportError(inputPath + ": cannot read input: " +
                      buffer.getError().message());
    return nullptr;
  }
  if (llvm::sys::path::extension(inputPath) != ".mlir") {
    nncc::reportError(inputPath +
                      ": ONNX import is not available in this build yet; "
                      "give an nn-dialect .mlir file");
    return nullptr;
  }
  llvm::SourceMgr sourceMgr;
  sourceMgr.AddNewSourceBuffer(std::move(*buffer), llvm::SMLoc());
  OwningOpRef<ModuleOp> module = parseSourceFile(sourceMgr, &ctx);
  if (module && failed(verify(*module)))
    return nullptr;
  return module;
}

/// Where a stage's output goes: -o, stdout for text, or <stem>.o for objects.
static std::string outputFor(Emit stage) {
  if (!outputPath.empty())
    return outputPath;
  if (isTextStage(stage))
    return "-";
  return llvm::sys::path::stem(inputPath).str() + ".o";
}

/// Prints the module to the stage's output.
static bool writeModule(ModuleOp module, Emit stage) {
  std::string path = outputFor(stage);
  if (path == "-") {
    module.print(llvm::outs());
    return true;
  }
  auto out = nncc::OutputFile::create(path);
  if (!out)
    return false;
  module.print(out->os());
  return out->commit();
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  registerAsmPrinterCLOptions();
  registerMLIRContextCLOptions();
  // The nn passes must be registered before the pass manager's flags so
  // --mlir-print-ir-after=<pass> knows their names.
  nncc::registerPipelines();
  registerPassManagerCLOptions();
  nncc::registerIRPrintingFlagAliases();
  if (!parseFlags(argc, argv))
    return 1;
  llvm::Optional<Emit> stage = parseStage(emitFlag);
  if (!stage)
    return 1;
  Emit emit = *stage;

  DialectRegistry registry;
  registry.insert<nncc::nn::NNDialect, StandardOpsDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  nncc::DiagnosticPrinter diagnostics(ctx);

  OwningOpRef<ModuleOp> module = loadInput(ctx);
  if (!module)
    return 1;
  if (emit == Emit::NN)
    return writeModule(*module, emit) ? 0 : 1;

  PassManager pm(&ctx);
  applyPassManagerCLOptions(pm);
  nncc::buildDefaultPipeline(pm);
  if (failed(pm.run(*module)))
    return 1;
  if (emit == Emit::NNOpt)
    return writeModule(*module, emit) ? 0 : 1;

  nncc::reportError(inputPath + ": --emit=" + stageName(emit) + " needs Halide code generation, which this build does "
                    "not have yet (stages nn and nn-opt work)");
  return 1;
}
