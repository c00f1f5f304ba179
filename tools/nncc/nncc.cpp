//===- nncc.cpp - the nncc compiler driver -----------------------------===//
//
// nncc INPUT [-o OUTPUT] [--emit=STAGE]: reads an ONNX model (or nn-dialect
// .mlir), runs the default graph pipeline and emits the requested stage.
// Flags are parsed here; every stage is a library call.
//
//===----------------------------------------------------------------------===//

#include "nncc/Analysis/Report.h"
#include "nncc/Dialect/NN/IR/NNDialect.h"
#include "nncc/Import/ONNX/ImportONNX.h"
#include "nncc/Pipeline/Pipeline.h"
#include "nncc/Support/Diagnostics.h"
#include "nncc/Support/OutputFile.h"
#include "nncc/Target/Halide/HalideCodegen.h"

#include "mlir/Dialect/StandardOps/IR/Ops.h"
#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/IR/Verifier.h"
#include "mlir/Parser.h"
#include "mlir/Pass/PassManager.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/FormatVariadic.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/SourceMgr.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <unistd.h>

using namespace mlir;
namespace cl = llvm::cl;

namespace {
/// The stages nncc can stop at, in pipeline order.
enum class Emit { NN, NNOpt, Halide, LLVM, Asm, Obj, Header };
} // namespace

// --help groups nncc's flags by purpose; LLVM's own flags are hidden.
static cl::OptionCategory inputCategory("Input");
static cl::OptionCategory outputCategory("Output");
static cl::OptionCategory targetCategory("Target");
static cl::OptionCategory reportCategory("Report and budgets");
static cl::OptionCategory debugCategory("Debugging");
static const cl::OptionCategory *const nnccCategories[] = {
    &inputCategory, &outputCategory, &targetCategory, &reportCategory,
    &debugCategory};

static cl::opt<std::string> inputPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx | graph.mlir>"),
                                      cl::cat(inputCategory));
static cl::opt<std::string> outputPath("o", cl::desc("Output file"),
                                       cl::value_desc("path"),
                                       cl::cat(outputCategory));
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
    cl::cat(outputCategory));

static cl::opt<std::string> targetFlag(
    "target", cl::init("host"), cl::value_desc("target"),
    cl::desc("Target: host (default), x86_64-linux-gnu, aarch64-linux-gnu, "
             "or Halide's form, e.g. x86-64-linux-avx2-fma, arm-64-linux"),
    cl::cat(targetCategory));
static cl::opt<unsigned> threadsFlag(
    "num-threads", cl::init(2), cl::value_desc("N"),
    cl::desc("Threads the object is split for (default 2): each layer runs\n"
             "as N tasks of contiguous rows, one per thread, so a thread\n"
             "keeps its part of the image in its cache from layer to layer\n"
             "(a 1x1 layer with far more weights than pixels splits its\n"
             "output channels instead).\n"
             "The object uses at most N threads (<name>_set_num_threads);\n"
             "give the deployment machine's core count"),
    cl::cat(targetCategory));
static cl::opt<nncc::CodegenOptions::WideFMA> wideFMAFlag(
    "wide-fma", cl::init(nncc::CodegenOptions::WideFMA::Auto),
    cl::desc("How the deployment cores run 512-bit FMAs, which tunes the\n"
             "register tiles of AVX-512 targets:"),
    cl::values(clEnumValN(nncc::CodegenOptions::WideFMA::Auto, "auto",
                          "split for a host that is an AMD Zen 4, intel for "
                          "an Intel host with AVX-512, else full (default)"),
               clEnumValN(nncc::CodegenOptions::WideFMA::Split, "split",
                          "as two 256-bit halves (AMD Zen 4)"),
               clEnumValN(nncc::CodegenOptions::WideFMA::Full, "full",
                          "at full width (AMD Zen 5)"),
               clEnumValN(nncc::CodegenOptions::WideFMA::Intel, "intel",
                          "at full width beside two 512-bit loads a cycle "
                          "(Intel Xeon)")),
    cl::cat(targetCategory));
static cl::opt<std::string> nameFlag(
    "name", cl::value_desc("identifier"),
    cl::desc("C name of the entry point (default: the output file's stem)"),
    cl::cat(outputCategory));
static cl::list<std::string> inputShapeFlags(
    "input-shape", cl::value_desc("[NAME:]DIMS"), cl::ZeroOrMore,
    cl::desc("Set the dimensions of an ONNX input, e.g. input:1x3x160x160\n"
             "(repeatable; without NAME: the model's only input)"),
    cl::cat(inputCategory));
static cl::list<std::string> bindInputFlags(
    "bind-input", cl::value_desc("NAME=FILE.pb"), cl::ZeroOrMore,
    cl::desc("Make the ONNX input NAME a constant holding the TensorProto in\n"
             "FILE.pb, as in ONNX test data (repeatable)"),
    cl::cat(inputCategory));

static cl::opt<bool> reportFlag(
    "report",
    cl::desc("Print the model report (per layer: params, MACs, memory "
             "traffic, arena placement; ShuffleNet V2 guideline notes). "
             "Without -o nothing is compiled"),
    cl::cat(reportCategory));
static cl::opt<std::string> reportJSONPath(
    "report-json", cl::value_desc("file"),
    cl::desc("Write the model report as JSON (schema in README.md)"),
    cl::cat(reportCategory));
static cl::opt<std::string> reportProfilePath(
    "report-profile", cl::value_desc("file"),
    cl::desc("Add the kernel times measured in FILE (nncc-run --profile "
             "writes it) to the report's as-run view"),
    cl::cat(reportCategory));
static cl::opt<bool>
    profileFlag("profile",
                cl::desc("Time every kernel call; the object and header get "
                         "<name>_profile_* functions reading the times"),
                cl::cat(debugCategory));
static cl::opt<uint64_t>
    maxMACs("max-macs", cl::value_desc("N"),
            cl::desc("Fail when the model has more than N MACs"),
            cl::cat(reportCategory));
static cl::opt<uint64_t>
    maxParams("max-params", cl::value_desc("N"),
              cl::desc("Fail when the model has more than N parameters"),
              cl::cat(reportCategory));
static cl::opt<uint64_t> maxArenaBytes(
    "max-arena-bytes", cl::value_desc("N"),
    cl::desc("Fail when the activation arena needs more than N bytes"),
    cl::cat(reportCategory));

static cl::opt<std::string> memoryLimitFlag(
    "memory-limit", cl::init("4G"), cl::value_desc("size"),
    cl::desc("Largest weights, and largest activation arena, a model may\n"
             "need: bytes, or with a K, M or G suffix (default 4G)"),
    cl::cat(reportCategory));

/// --list-ops: prints every ONNX op type the importer takes and exits, like
/// --version, so it needs no input file.
static void listOps() {
  for (const nncc::SupportedOp &op : nncc::supportedONNXOps())
    llvm::outs() << op.type << " " << op.sinceVersion << "\n";
  llvm::outs().flush();
  std::exit(0);
}
static cl::opt<bool> listOpsFlag(
    "list-ops", cl::ValueDisallowed,
    cl::callback([](const bool &) { listOps(); }),
    cl::desc("Print the supported ONNX operators, each with the first opset\n"
             "it is supported from, and exit"),
    cl::cat(inputCategory));

static cl::opt<bool>
    verbose("v",
            cl::desc("Print each stage (import, passes, codegen, write) to "
                     "stderr as it starts, and its time when it ends"),
            cl::cat(debugCategory));
static cl::opt<bool>
    timePasses("pass-timing",
               cl::desc("Print MLIR's timing of each graph pass to stderr"),
               cl::cat(debugCategory));

namespace {
/// Under -v, announces a stage on stderr when it starts and prints its wall
/// time when it ends, so a long compilation shows where it is.
class Stage {
public:
  explicit Stage(const llvm::Twine &name) : name(name.str()) {
    if (verbose)
      llvm::errs() << "nncc: " << name << "...\n";
  }
  ~Stage() {
    if (!verbose)
      return;
    std::chrono::duration<double> elapsed =
        std::chrono::steady_clock::now() - start;
    llvm::errs() << llvm::formatv("nncc: {0}: {1:f3} s\n", name,
                                  elapsed.count());
  }

private:
  std::string name;
  std::chrono::steady_clock::time_point start =
      std::chrono::steady_clock::now();
};
} // namespace

/// Prints --version: nncc's and the libraries it was built with.
static void printVersion(llvm::raw_ostream &os) {
  os << "nncc " NNCC_VERSION "\n"
     << "  LLVM/MLIR " LLVM_VERSION_STRING ", Halide " NNCC_HALIDE_VERSION
        ", ONNX " NNCC_ONNX_VERSION "\n";
}

/// Runs the default graph pipeline on `module`, with MLIR's pass timing
/// under --pass-timing.
static LogicalResult runPipeline(ModuleOp module) {
  PassManager pm(module.getContext());
  applyPassManagerCLOptions(pm);
  if (timePasses)
    pm.enableTiming();
  nncc::buildDefaultPipeline(pm);
  return pm.run(module);
}

/// Parses --memory-limit ("4G", "512M", "1000000"); None after reporting.
static llvm::Optional<int64_t> parseMemoryLimit(StringRef text) {
  StringRef digits = text;
  int shift = 0;
  if (digits.consume_back("K") || digits.consume_back("k"))
    shift = 10;
  else if (digits.consume_back("M") || digits.consume_back("m"))
    shift = 20;
  else if (digits.consume_back("G") || digits.consume_back("g"))
    shift = 30;
  uint64_t value = 0;
  if (digits.getAsInteger(10, value) || value == 0 ||
      value > (uint64_t(INT64_MAX) >> shift)) {
    nncc::reportError("malformed --memory-limit '" + text +
                      "': expected a positive number of bytes, optionally "
                      "with K, M or G, e.g. 4G");
    return llvm::None;
  }
  return static_cast<int64_t>(value << shift);
}

static const char *const stageNames[] = {"nn",  "nn-opt", "halide", "llvm",
                                         "asm", "obj",    "header"};

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
  // LLVM's own codegen flags would drown ours in --help; MLIR's --mlir-*
  // flags still work and --help-hidden lists them.
  cl::HideUnrelatedOptions(nnccCategories);
  cl::SetVersionPrinter(printVersion);
  // cl writes some problems (a flag missing its value, a value that does not
  // parse) straight to llvm::errs() rather than to the stream it is given:
  // while it parses, stderr goes to a temporary file that is read back.
  std::FILE *captured = std::tmpfile();
  int savedStderr = captured ? dup(STDERR_FILENO) : -1;
  if (savedStderr >= 0)
    dup2(fileno(captured), STDERR_FILENO);
  std::string errors;
  llvm::raw_string_ostream os(errors);
  bool parsed = cl::ParseCommandLineOptions(
      argc, argv,
      "nncc: ahead-of-time compiler for compact convolutional networks\n\n"
      "  nncc model.onnx -o model.o   writes model.o and model.h\n\n"
      "MLIR's --mlir-* flags (e.g. --mlir-print-ir-after-all,\n"
      "--mlir-elide-elementsattrs-if-larger=N) are accepted too.\n",
      &os);
  if (savedStderr >= 0) {
    llvm::errs().flush();
    dup2(savedStderr, STDERR_FILENO);
    close(savedStderr);
    std::rewind(captured);
    char chunk[4096];
    std::string direct;
    while (size_t n = std::fread(chunk, 1, sizeof chunk, captured))
      direct.append(chunk, n);
    errors = direct + os.str();
  }
  if (captured)
    std::fclose(captured);
  if (parsed)
    return true;
  // cl prints "<prog>: <problem>.  Try: '<prog> --help'" or "<prog>: for
  // the -o option: requires a value!": keep the first problem.
  StringRef first = StringRef(errors).ltrim().split('\n').first;
  first = first.split(".  Try:").first;
  first.consume_front(llvm::sys::path::filename(argv[0]));
  first.consume_front(":");
  nncc::reportError(first.trim() + " (see nncc --help)");
  return false;
}

/// Reads the input into a module: .mlir is parsed, anything else is
/// imported as an ONNX model.
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
    llvm::SmallVector<nncc::InputShape, 2> shapes;
    for (const std::string &flag : inputShapeFlags) {
      llvm::Optional<nncc::InputShape> shape = nncc::parseInputShape(flag);
      if (!shape)
        return nullptr;
      shapes.push_back(std::move(*shape));
    }
    llvm::SmallVector<nncc::InputBinding, 4> bindings;
    for (const std::string &flag : bindInputFlags) {
      llvm::Optional<nncc::InputBinding> binding =
          nncc::parseInputBinding(flag);
      if (!binding)
        return nullptr;
      bindings.push_back(std::move(*binding));
    }
    return nncc::importONNXFile(inputPath, shapes, ctx, bindings);
  }
  if (!inputShapeFlags.empty() || !bindInputFlags.empty()) {
    nncc::reportError(
        (inputShapeFlags.empty() ? "--bind-input" : "--input-shape") +
        llvm::Twine(" applies to ONNX models, not to ") + inputPath);
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
/// Printing flags for IR dumps: weights are elided unless the user set
/// MLIR's --mlir-elide-elementsattrs-if-larger.
static OpPrintingFlags printingFlags() {
  OpPrintingFlags flags;
  auto &options = cl::getRegisteredOptions();
  auto it = options.find("mlir-elide-elementsattrs-if-larger");
  if (it == options.end() || it->second->getNumOccurrences() == 0)
    flags.elideLargeElementsAttrs(16);
  return flags;
}

static bool writeModule(ModuleOp module, Emit stage) {
  std::string path = outputFor(stage);
  if (path == "-") {
    module.print(llvm::outs(), printingFlags());
    return true;
  }
  auto out = nncc::OutputFile::create(path);
  if (!out)
    return false;
  module.print(out->os(), printingFlags());
  return out->commit();
}

/// Runs code generation for the stages after nn-opt. The object stage
/// writes the object and its header, both or neither.
static bool generateCode(ModuleOp module, Emit stage, int64_t memoryLimit) {
  std::string path = outputFor(stage);
  nncc::CodegenOptions options;
  options.target = targetFlag;
  options.memoryLimit = memoryLimit;
  options.profile = profileFlag;
  options.threads = threadsFlag;
  options.wideFMA = wideFMAFlag;
  options.name = nncc::makeCIdentifier(
      !nameFlag.empty()
          ? StringRef(nameFlag)
          : llvm::sys::path::stem(path == "-" ? StringRef(inputPath)
                                              : StringRef(path)));
  if (!nameFlag.empty() && options.name != nameFlag) {
    nncc::reportError("--name='" + nameFlag + "' is not a C identifier");
    return false;
  }
  auto write = [&](StringRef to, auto &&emitTo) {
    Stage timed("codegen and write " + to);
    if (to == "-")
      return succeeded(emitTo(llvm::outs()));
    auto out = nncc::OutputFile::create(to);
    return out && succeeded(emitTo(out->os())) && out->commit();
  };
  auto artifact = [&](nncc::Artifact kind) {
    return [&, kind](llvm::raw_pwrite_stream &os) {
      return nncc::emitArtifact(module, options, kind, os);
    };
  };
  auto header = [&](llvm::raw_ostream &os) {
    return nncc::emitHeader(module, options, os);
  };
  switch (stage) {
  case Emit::Halide:
    return write(path, artifact(nncc::Artifact::HalideStmt));
  case Emit::LLVM:
    return write(path, artifact(nncc::Artifact::LLVMIR));
  case Emit::Asm:
    return write(path, artifact(nncc::Artifact::Assembly));
  case Emit::Header:
    return write(path, header);
  case Emit::Obj: {
    if (path == "-") {
      nncc::reportError("refusing to write an object to standard output");
      return false;
    }
    SmallString<128> headerPath(path);
    llvm::sys::path::replace_extension(headerPath, ".h");
    auto object = nncc::OutputFile::create(path);
    auto headerFile = object ? nncc::OutputFile::create(headerPath) : nullptr;
    if (!headerFile)
      return false;
    {
      Stage timed("codegen");
      if (failed(nncc::emitArtifact(module, options, nncc::Artifact::Object,
                                    object->os())))
        return false;
    }
    Stage timed("write " + path + " and " + headerPath.str());
    return succeeded(header(headerFile->os())) && headerFile->commit() &&
           object->commit();
  }
  default:
    return false;
  }
}

/// True when a flag needs the model report.
static bool wantsReport() {
  return reportFlag || !reportJSONPath.empty() ||
         maxMACs.getNumOccurrences() || maxParams.getNumOccurrences() ||
         maxArenaBytes.getNumOccurrences();
}

/// Builds the report on a copy of the imported module (the caller's module
/// stays as imported), checks the budgets, then prints and writes it.
static bool runReport(ModuleOp imported) {
  OwningOpRef<ModuleOp> module = imported.clone();
  auto funcs = llvm::to_vector<1>(module->getOps<FuncOp>());
  if (funcs.size() != 1) {
    nncc::reportError(inputPath + ": the report needs exactly one function");
    return false;
  }
  nncc::ModelReport report;
  report.file = inputPath;
  report.target = targetFlag;
  nncc::analyzeImported(funcs.front(), report);
  nncc::checkImportedGuidelines(funcs.front(), report);

  if (failed(runPipeline(*module)))
    return false;
  nncc::CodegenOptions options;
  options.target = targetFlag;
  FailureOr<nncc::PlanSummary> plan = nncc::summarizePlan(*module, options);
  if (failed(plan))
    return false;
  nncc::analyzeCompiled(funcs.front(), *plan, report);
  nncc::checkCompiledGuidelines(report);
  if (!reportProfilePath.empty())
    if (llvm::Error error = nncc::addMeasuredTimes(reportProfilePath, report)) {
      nncc::reportError(llvm::toString(std::move(error)));
      return false;
    }

  bool withinBudget = true;
  auto gate = [&](cl::opt<uint64_t> &flag, StringRef what, int64_t actual) {
    if (!flag.getNumOccurrences() || actual <= static_cast<int64_t>(flag))
      return;
    nncc::reportError(inputPath + ": " + what + " exceeds --" +
                      flag.ArgStr + "=" + std::to_string(flag) + " (actual " +
                      std::to_string(actual) + ")");
    withinBudget = false;
  };
  gate(maxMACs, "total MACs", report.importedTotals.macs);
  gate(maxParams, "total parameters", report.importedTotals.params);
  gate(maxArenaBytes, "peak arena bytes", report.peakArenaBytes);
  if (!withinBudget)
    return false;

  if (reportFlag)
    nncc::printReport(report, llvm::outs());
  if (!reportJSONPath.empty()) {
    auto out = nncc::OutputFile::create(reportJSONPath);
    if (!out)
      return false;
    out->os() << llvm::formatv("{0:2}", nncc::reportToJSON(report)) << "\n";
    if (!out->commit())
      return false;
  }
  return true;
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
  if (failed(nncc::checkTarget(targetFlag)))
    return 1;
  if (threadsFlag < 1 || threadsFlag > 256) {
    nncc::reportError("--num-threads=" + llvm::Twine(threadsFlag) +
                      ": expected a thread count from 1 to 256");
    return 1;
  }
  llvm::Optional<int64_t> memoryLimit = parseMemoryLimit(memoryLimitFlag);
  if (!memoryLimit)
    return 1;
  if (!reportProfilePath.empty() && !reportFlag && reportJSONPath.empty()) {
    nncc::reportError("--report-profile needs --report or --report-json");
    return 1;
  }

  DialectRegistry registry;
  registry.insert<nncc::nn::NNDialect, StandardOpsDialect>();
  MLIRContext ctx(registry);
  ctx.loadAllAvailableDialects();
  ctx.printOpOnDiagnostic(false);
  nncc::DiagnosticPrinter diagnostics(ctx);

  OwningOpRef<ModuleOp> module;
  {
    Stage stage("import " + inputPath);
    module = loadInput(ctx);
  }
  if (!module)
    return 1;
  if (wantsReport()) {
    Stage stage("report");
    if (!runReport(*module))
      return 1;
    // The report alone compiles nothing; with -o the compilation follows.
    if ((reportFlag || !reportJSONPath.empty()) && outputPath.empty())
      return 0;
  }
  if (emit == Emit::NN)
    return writeModule(*module, emit) ? 0 : 1;

  {
    Stage stage("graph passes");
    if (failed(runPipeline(*module)))
      return 1;
  }
  if (emit == Emit::NNOpt)
    return writeModule(*module, emit) ? 0 : 1;

  return generateCode(*module, emit, *memoryLimit) ? 0 : 1;
}
