//===- nncc-run.cpp - compile, run and check a network ------------------===//
//
// nncc-run model.onnx [DATA_DIR...]: compiles the model with nncc into an
// object, links it with `cc` into a small program, runs it on the inputs of
// each ONNX test-data folder (input_<i>.pb) and compares with the expected
// outputs (output_<i>.pb), printing the max abs and rel error per output.
// With --cc and --exec-prefix the program can be cross-compiled and run
// under an emulator (e.g. aarch64-linux-gnu-gcc and qemu-aarch64).
// --bind-input=NAME compiles each data folder's input for NAME into the
// object as a constant (nncc --bind-input) and feeds the program only the
// other inputs. --profile compiles a profiling build (nncc --profile), times
// warm-up plus --runs runs on the first folder's inputs and prints the model
// report with the measured time of each compiled layer.
//
//===----------------------------------------------------------------------===//

#include "onnx/onnx_pb.h"

#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringExtras.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/InitLLVM.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"
#include "llvm/Support/Program.h"
#include "llvm/Support/raw_ostream.h"

#include <cmath>
#include <fstream>
#include <set>

namespace cl = llvm::cl;
using llvm::StringRef;

static cl::OptionCategory runCategory("nncc-run options");
static cl::opt<std::string> modelPath(cl::Positional, cl::Required,
                                      cl::desc("<model.onnx | graph.mlir>"),
                                      cl::cat(runCategory));
static cl::list<std::string> dataDirs(
    cl::Positional, cl::desc("[test_data_set folders (default: those next "
                             "to the model)]"),
    cl::cat(runCategory));
static cl::opt<std::string> target("target", cl::init("host"),
                                   cl::desc("nncc --target"),
                                   cl::cat(runCategory));
static cl::opt<std::string> cc("cc", cl::init("cc"),
                               cl::desc("C compiler that links the program"),
                               cl::cat(runCategory));
static cl::opt<std::string> ccFlags(
    "cc-flags", cl::init(""),
    cl::desc("Extra flags for the C compiler (e.g. -static)"),
    cl::cat(runCategory));
static cl::opt<std::string> execPrefix(
    "exec-prefix", cl::init(""),
    cl::desc("Command that runs the program (e.g. 'qemu-aarch64 -L "
             "/usr/aarch64-linux-gnu')"),
    cl::cat(runCategory));
static cl::opt<double> tolerance(
    "tolerance", cl::init(1e-4),
    cl::desc("Pass when max abs error <= tolerance * max |expected|"),
    cl::cat(runCategory));
static cl::list<std::string> nnccFlags(
    "nncc-flag", cl::desc("Extra flag passed to nncc (repeatable)"),
    cl::cat(runCategory));
static cl::list<std::string> bindNames(
    "bind-input", cl::value_desc("NAME"), cl::ZeroOrMore,
    cl::desc("Bind the model input NAME to its input_<i>.pb as a constant "
             "(nncc --bind-input); the program is fed the other inputs only "
             "(repeatable)"),
    cl::cat(runCategory));
static cl::opt<std::string> keepDir(
    "keep", cl::desc("Keep the object, program and raw tensors in DIR"),
    cl::cat(runCategory));

static cl::opt<bool> profile(
    "profile",
    cl::desc("Time each compiled layer (nncc --profile) on the first data "
             "folder and print the as-run report with ms and GMAC/s"),
    cl::cat(runCategory));
static cl::opt<unsigned> runs("runs", cl::init(10),
                              cl::desc("Timed runs with --profile (medians)"),
                              cl::cat(runCategory));
static cl::opt<unsigned>
    warmupRuns("warmup", cl::init(2),
               cl::desc("Untimed runs before the timed ones with --profile"),
               cl::cat(runCategory));
static cl::opt<std::string> reportJSON(
    "report-json", cl::value_desc("file"),
    cl::desc("With --profile, also write the report with the measured times "
             "as JSON (nncc --report-json)"),
    cl::cat(runCategory));

static int fail(const llvm::Twine &message) {
  llvm::errs() << "nncc-run: error: " << message << "\n";
  return 1;
}

/// Reads a float tensor from an ONNX TensorProto file.
static bool readTensor(StringRef path, std::vector<float> &data,
                       std::vector<int64_t> &dims) {
  auto buffer = llvm::MemoryBuffer::getFile(path);
  onnx::TensorProto tensor;
  if (!buffer || !tensor.ParseFromArray((*buffer)->getBufferStart(),
                                        (*buffer)->getBufferSize()))
    return false;
  if (tensor.data_type() != onnx::TensorProto::FLOAT)
    return false;
  dims.assign(tensor.dims().begin(), tensor.dims().end());
  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    data.resize(raw.size() / sizeof(float));
    memcpy(data.data(), raw.data(), data.size() * sizeof(float));
  } else {
    data.assign(tensor.float_data().begin(), tensor.float_data().end());
  }
  return true;
}

static bool writeRaw(StringRef path, const std::vector<float> &data) {
  std::ofstream out(path.str(), std::ios::binary);
  out.write(reinterpret_cast<const char *>(data.data()),
            data.size() * sizeof(float));
  return static_cast<bool>(out);
}

/// The C program's part that times the network (a profiling build): warm-up
/// runs, then timed runs, each one's call and kernel times written as the
/// JSON nncc --report-profile reads, to the path in argv[`argc` - 1].
static std::string profileSource(const std::string &call, unsigned argc) {
  std::string text = R"(  if (argc == ARGC) {
    for (int r = 0; r < WARMUP && status == 0; ++r) status = CALL;
    FILE *p = fopen(argv[ARGC - 1], "w");
    if (!p) return 2;
    fprintf(p, "{\"warmup_runs\": %d, \"runs\": [", WARMUP);
    for (int r = 0; r < RUNS && status == 0; ++r) {
      model_profile_reset();
      double start = now_ms();
      status = CALL;
      double total = now_ms() - start;
      fprintf(p, "%s\n  {\"total_ms\": %.6f, \"calls_ms\": [", r ? "," : "",
              total);
      for (int i = 0; i < model_profile_calls(); ++i)
        fprintf(p, "%s%.6f", i ? ", " : "", model_profile_ms(i));
      fprintf(p, "]}");
    }
    fprintf(p, "]}\n");
    if (fclose(p) != 0) return 2;
  } else {
    status = CALL;
  }
)";
  for (auto [word, value] :
       {std::pair<StringRef, std::string>{"ARGC", std::to_string(argc)},
        {"WARMUP", std::to_string(warmupRuns)},
        {"RUNS", std::to_string(runs)},
        {"CALL", call}})
    for (size_t at; (at = text.find(word.str())) != std::string::npos;)
      text.replace(at, word.size(), value);
  return text;
}

/// The C program that reads raw inputs, runs the network and writes raw
/// outputs; argv: in_0 ... out_0 ... [times.json when profiling].
static std::string programSource(unsigned inputs, unsigned outputs) {
  std::string s;
  if (profile)
    s += "#define _POSIX_C_SOURCE 199309L\n#include <time.h>\n";
  s += "#include <stdio.h>\n#include <stdlib.h>\n"
       "#include \"model.h\"\n"
       "static float *load(const char *p, size_t n) {\n"
       "  float *b = malloc(n * sizeof(float)); FILE *f = "
       "fopen(p, \"rb\");\n"
       "  if (!b || !f || fread(b, sizeof(float), n, f) != n) "
       "exit(2);\n  fclose(f); return b;\n}\n";
  if (profile)
    s += "static double now_ms(void) {\n"
         "  struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t);\n"
         "  return t.tv_sec * 1e3 + t.tv_nsec * 1e-6;\n}\n";
  s += "int main(int argc, char **argv) {\n";
  unsigned argc = inputs + outputs + 1;
  s += "  if (argc != " + std::to_string(argc) +
       (profile ? " && argc != " + std::to_string(argc + 1) : "") +
       ") return 2;\n";
  for (unsigned i = 0; i < inputs; ++i)
    s += "  float *in" + std::to_string(i) + " = load(argv[" +
         std::to_string(i + 1) + "], MODEL_INPUT" + std::to_string(i) +
         "_SIZE);\n";
  for (unsigned i = 0; i < outputs; ++i)
    s += "  float *out" + std::to_string(i) + " = calloc(MODEL_OUTPUT" +
         std::to_string(i) + "_SIZE, sizeof(float));\n";
  std::string call = "model(";
  for (unsigned i = 0; i < inputs + outputs; ++i)
    call += (i ? ", " : "") + (i < inputs ? "in" + std::to_string(i)
                                          : "out" + std::to_string(i - inputs));
  call += ")";
  s += "  int status = 0;\n";
  s += profile ? profileSource(call, argc + 1) : "  status = " + call + ";\n";
  s += "  if (status != 0) { fprintf(stderr, \"model returned %d\\n\", "
       "status); return 3; }\n";
  for (unsigned i = 0; i < outputs; ++i) {
    std::string o = std::to_string(i);
    s += "  { FILE *f = fopen(argv[" + std::to_string(inputs + i + 1) +
         "], \"wb\"); if (!f || fwrite(out" + o +
         ", sizeof(float), MODEL_OUTPUT" + o +
         "_SIZE, f) != MODEL_OUTPUT" + o + "_SIZE) return 2; fclose(f); }\n";
  }
  s += "  return 0;\n}\n";
  return s;
}

/// Runs a command line (split at spaces), returning its exit status.
static int run(const std::vector<std::string> &command) {
  auto program = llvm::sys::findProgramByName(command[0]);
  if (!program) {
    fail("cannot find '" + command[0] + "'");
    return -1;
  }
  std::vector<StringRef> args(command.begin(), command.end());
  return llvm::sys::ExecuteAndWait(*program, args);
}

static void appendWords(std::vector<std::string> &to, StringRef text) {
  llvm::SmallVector<StringRef, 8> words;
  text.split(words, ' ', -1, false);
  for (StringRef w : words)
    to.push_back(w.str());
}

/// The names of the model's inputs that have no initializer, in the order
/// test data numbers them (input_<i>.pb); None after reporting an error.
static llvm::Optional<std::vector<std::string>>
modelInputNames(StringRef path) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  onnx::ModelProto model;
  if (!buffer || !model.ParseFromArray((*buffer)->getBufferStart(),
                                       (*buffer)->getBufferSize())) {
    fail(path + ": cannot read the ONNX model to bind inputs");
    return llvm::None;
  }
  std::set<std::string> initializers;
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializers.insert(init.name());
  std::vector<std::string> names;
  for (const onnx::ValueInfoProto &input : model.graph().input())
    if (!initializers.count(input.name()))
      names.push_back(input.name());
  return names;
}

/// Files name_0.pb, name_1.pb, ... in a folder.
static std::vector<std::string> numbered(StringRef dir, StringRef stem) {
  std::vector<std::string> files;
  for (unsigned i = 0;; ++i) {
    llvm::SmallString<128> p(dir);
    llvm::sys::path::append(p, stem + "_" + llvm::Twine(i) + ".pb");
    if (!llvm::sys::fs::exists(p))
      return files;
    files.push_back(p.str().str());
  }
}

int main(int argc, char **argv) {
  llvm::InitLLVM init(argc, argv);
  cl::HideUnrelatedOptions(runCategory);
  cl::ParseCommandLineOptions(argc, argv, "compile, run and check a network");

  std::vector<std::string> dirs(dataDirs.begin(), dataDirs.end());
  if (dirs.empty()) {
    StringRef folder = llvm::sys::path::parent_path(modelPath);
    std::error_code ec;
    for (llvm::sys::fs::directory_iterator it(folder.empty() ? "." : folder,
                                              ec),
         end;
         it != end && !ec; it.increment(ec))
      if (StringRef(llvm::sys::path::filename(it->path()))
              .startswith("test_data_set"))
        dirs.push_back(it->path());
    llvm::sort(dirs);
  }
  if (dirs.empty())
    return fail(modelPath + ": no test_data_set folders to run");
  if (profile && runs == 0)
    return fail("--runs must be at least 1");
  if (!reportJSON.empty() && !profile)
    return fail("--report-json needs --profile");

  llvm::SmallString<128> work;
  if (!keepDir.empty()) {
    work = keepDir;
    llvm::sys::fs::create_directories(work);
  } else if (llvm::sys::fs::createUniqueDirectory("nncc-run", work)) {
    return fail("cannot create a temporary folder");
  }
  auto inWork = [&](StringRef name) {
    llvm::SmallString<128> p(work);
    llvm::sys::path::append(p, name);
    return p.str().str();
  };

  // The model input each bound input_<i>.pb is for (empty: fed at run time).
  std::vector<std::string> boundAs;
  if (!bindNames.empty()) {
    auto names = modelInputNames(modelPath);
    if (!names)
      return 1;
    boundAs.resize(names->size());
    for (const std::string &name : bindNames) {
      auto it = llvm::find(*names, name);
      if (it == names->end())
        return fail(modelPath + ": --bind-input names '" + name +
                    "', which is not an input of the model");
      boundAs[it - names->begin()] = name;
    }
  }
  auto isBound = [&](size_t i) {
    return i < boundAs.size() && !boundAs[i].empty();
  };

  // Compiles with the nncc next to this program, binding inputs from `dir`,
  // and links the test program.
  std::string self = llvm::sys::fs::getMainExecutable(argv[0], (void *)&fail);
  llvm::SmallString<128> nncc(llvm::sys::path::parent_path(self));
  llvm::sys::path::append(nncc, "nncc");
  // The nncc command line for `dir`'s bound inputs, without an output.
  auto nnccCommand = [&](StringRef dir) {
    std::vector<std::string> command = {nncc.str().str(), modelPath,
                                        "--target=" + target};
    command.insert(command.end(), nnccFlags.begin(), nnccFlags.end());
    for (auto it : llvm::enumerate(numbered(dir, "input")))
      if (isBound(it.index()))
        command.push_back("--bind-input=" + boundAs[it.index()] + "=" +
                          it.value());
    return command;
  };
  auto build = [&](StringRef dir) {
    std::vector<std::string> compile = nnccCommand(dir);
    compile.insert(compile.end(), {"-o", inWork("model.o"), "--name=model"});
    if (profile)
      compile.push_back("--profile");
    unsigned fed = 0;
    for (unsigned i = 0; i < numbered(dir, "input").size(); ++i)
      fed += !isBound(i);
    std::vector<StringRef> compileArgs(compile.begin(), compile.end());
    if (llvm::sys::ExecuteAndWait(compile[0], compileArgs) != 0) {
      fail(modelPath + ": nncc failed");
      return false;
    }
    std::vector<std::string> outputs = numbered(dir, "output");
    {
      std::ofstream main(inWork("main.c"));
      main << programSource(fed, outputs.size());
    }
    std::vector<std::string> link = {cc, "-O2", "-o", inWork("program"),
                                     inWork("main.c"), inWork("model.o"),
                                     "-I", work.str().str()};
    appendWords(link, ccFlags);
    for (const char *lib : {"-lpthread", "-ldl", "-lm"})
      link.push_back(lib);
    if (run(link) != 0) {
      fail("linking the test program failed");
      return false;
    }
    return true;
  };
  // Bound data can differ between folders: then every folder gets its own
  // object.
  if (boundAs.empty() && !build(dirs[0]))
    return 1;

  bool ok = true;
  for (const std::string &dir : dirs) {
    if (!boundAs.empty() && !build(dir))
      return 1;
    std::vector<std::string> command;
    appendWords(command, execPrefix);
    command.push_back(inWork("program"));
    auto ins = numbered(dir, "input");
    auto outs = numbered(dir, "output");
    for (auto it : llvm::enumerate(ins)) {
      if (isBound(it.index()))
        continue;
      std::vector<float> data;
      std::vector<int64_t> dims;
      if (!readTensor(it.value(), data, dims))
        return fail(it.value() + ": not a float TensorProto");
      std::string raw = inWork("input_" + std::to_string(it.index()) + ".raw");
      writeRaw(raw, data);
      command.push_back(raw);
    }
    for (unsigned i = 0; i < outs.size(); ++i)
      command.push_back(inWork("output_" + std::to_string(i) + ".raw"));
    if (profile && dir == dirs.front())
      command.push_back(inWork("times.json"));
    int status = run(command);
    if (status != 0)
      return fail(dir + ": the program exited with status " +
                  llvm::Twine(status));
    for (auto it : llvm::enumerate(outs)) {
      std::vector<float> expected, actual;
      std::vector<int64_t> dims;
      if (!readTensor(it.value(), expected, dims))
        return fail(it.value() + ": not a float TensorProto");
      auto raw = llvm::MemoryBuffer::getFile(
          inWork("output_" + std::to_string(it.index()) + ".raw"));
      if (!raw || (*raw)->getBufferSize() != expected.size() * sizeof(float))
        return fail(dir + ": output " + llvm::Twine(it.index()) +
                    " has the wrong size");
      actual.resize(expected.size());
      memcpy(actual.data(), (*raw)->getBufferStart(),
             expected.size() * sizeof(float));
      double maxAbs = 0, maxRef = 0, maxRel = 0;
      for (size_t k = 0; k < expected.size(); ++k) {
        double err = std::fabs(double(actual[k]) - expected[k]);
        if (std::isnan(actual[k]) != std::isnan(expected[k]))
          err = INFINITY;
        else if (std::isnan(actual[k]) || actual[k] == expected[k])
          err = 0;
        maxAbs = std::max(maxAbs, err);
        maxRef = std::max(maxRef, std::fabs(double(expected[k])));
        if (expected[k] != 0)
          maxRel = std::max(maxRel, err / std::fabs(double(expected[k])));
      }
      bool pass = maxAbs <= tolerance * std::max(maxRef, 1e-30);
      ok &= pass;
      llvm::outs() << (pass ? "PASS" : "FAIL") << " "
                   << llvm::sys::path::filename(dir) << " output "
                   << it.index() << ": max abs error "
                   << llvm::format("%.3g", maxAbs) << ", max rel error "
                   << llvm::format("%.3g", maxRel) << ", max |expected| "
                   << llvm::format("%.3g", maxRef) << "\n";
    }
  }
  // The report, computed by nncc from the same flags, with the times.
  if (profile) {
    std::vector<std::string> report = nnccCommand(dirs.front());
    report.push_back("--report");
    report.push_back("--report-profile=" + inWork("times.json"));
    if (!reportJSON.empty())
      report.push_back("--report-json=" + reportJSON);
    llvm::outs().flush();
    if (run(report) != 0)
      return fail(modelPath + ": nncc could not write the report");
  }
  if (keepDir.empty())
    llvm::sys::fs::remove_directories(work);
  return ok ? 0 : 1;
}
