//===- ModelLoader.cpp - read and check an ONNX model ---------------------===//
//
// The order matters: cheap structural checks first (so a non-ONNX file gets
// one clear line), then the unsupported-operator census (so a user sees every
// missing op at once, before ONNX's checker complains about any of them),
// then external data, bound inputs and shape overrides, then ONNX's checker
// and shape inference, whose exceptions become single error lines.
//
//===----------------------------------------------------------------------===//

#include "ModelLoader.h"
#include "GraphImporter.h"

#include "nncc/Support/Diagnostics.h"

#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/ADT/StringSet.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include "onnx/checker.h"
#include "onnx/defs/schema.h"
#include "onnx/defs/shape_inference.h"
#include "onnx/onnx_pb.h"
#include "onnx/shape_inference/implementation.h"
#include "onnx/version_converter/convert.h"

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include <climits>
#include <map>
#include <regex>

using namespace mlir;
using namespace nncc;
using namespace nncc::onnx_import;
namespace fs = llvm::sys::fs;
namespace path = llvm::sys::path;

/// One line from an ONNX exception message (they span several lines).
static std::string oneLine(const std::string &text) {
  std::string line;
  for (char c : text) {
    if (c == '\n' || c == '\r') {
      if (!line.empty() && line.back() != ' ')
        line += ' ';
      continue;
    }
    line += c;
  }
  while (!line.empty() && line.back() == ' ')
    line.pop_back();
  return line;
}

static LogicalResult parseModel(StringRef file, StringRef data,
                                MLIRContext &ctx, onnx::ModelProto &model) {
  Location loc = fileLoc(&ctx, file);
  if (data.empty())
    return emitError(loc) << "file is empty, not an ONNX model";
  if (data.size() > static_cast<size_t>(INT_MAX))
    return emitError(loc) << "file has " << data.size()
                          << " bytes; protobuf limits ONNX models to 2 GB "
                             "(larger weights go in external data)";
  google::protobuf::io::ArrayInputStream stream(data.data(),
                                                static_cast<int>(data.size()));
  google::protobuf::io::CodedInputStream coded(&stream);
  coded.SetTotalBytesLimit(INT_MAX);
  if (!model.ParseFromCodedStream(&coded) || !coded.ConsumedEntireMessage())
    return emitError(loc) << "not a valid ONNX model: the protobuf does not "
                             "parse (truncated or not an ONNX file)";
  if (model.ir_version() <= 0 || !model.has_graph())
    return emitError(loc) << "not an ONNX model: "
                          << (model.ir_version() <= 0 ? "no IR version"
                                                      : "no graph");
  if (model.ir_version() > onnx::IR_VERSION)
    return emitError(loc) << "ONNX IR version " << model.ir_version()
                          << " is newer than this nncc reads (up to "
                          << static_cast<int>(onnx::IR_VERSION) << ")";
  return success();
}

/// The name a message gives a node: its name, else its first output.
static std::string nodeName(const onnx::NodeProto &node, int index) {
  if (!node.name().empty())
    return node.name();
  for (const std::string &output : node.output())
    if (!output.empty())
      return output;
  return node.op_type() + "_" + std::to_string(index);
}

/// Finds the default domain's opset; models older than kMinOpset are
/// upgraded with ONNX's version converter, so the handlers only ever see
/// opsets kMinOpset to kMaxOpset. The target is 9, not 7: old exporters
/// (PyTorch's opset 6) wrote int64 Constants, which Constant allows only
/// from opset 9 and strict shape inference would refuse before.
constexpr int kUpgradeOpset = 9;

static LogicalResult checkOpset(StringRef file, MLIRContext &ctx,
                                onnx::ModelProto &model, int &opset) {
  Location loc = fileLoc(&ctx, file);
  opset = 0;
  // The version is an int64 in the file: compare before narrowing, so 2^32+13
  // is not taken for 13.
  llvm::Optional<int64_t> version;
  for (const onnx::OperatorSetIdProto &entry : model.opset_import())
    if (entry.domain().empty() || entry.domain() == "ai.onnx")
      version = entry.version();
  if (!version)
    return emitError(loc) << "the model imports no opset of the default ONNX "
                             "domain";
  if (*version < 1 || *version > kMaxOpset)
    return emitError(loc) << "opset " << *version
                          << " is not supported; nncc imports opsets 1 to "
                          << kMaxOpset;
  opset = static_cast<int>(*version);
  if (opset >= kMinOpset)
    return success();
  // The converter dereferences the value every name refers to without
  // checking it exists; ONNX's checker runs only after the upgrade.
  llvm::StringSet<> defined;
  for (const onnx::ValueInfoProto &input : model.graph().input())
    defined.insert(input.name());
  for (const onnx::TensorProto &init : model.graph().initializer())
    defined.insert(init.name());
  // The ranks the converter will see: declared shapes and initializers'.
  llvm::StringMap<int> declaredRanks;
  for (const auto *infos : {&model.graph().input(), &model.graph().value_info(),
                            &model.graph().output()})
    for (const onnx::ValueInfoProto &info : *infos)
      if (info.type().has_tensor_type() &&
          info.type().tensor_type().has_shape())
        declaredRanks[info.name()] =
            info.type().tensor_type().shape().dim_size();
  for (const onnx::TensorProto &init : model.graph().initializer())
    declaredRanks[init.name()] = init.dims_size();
  for (auto it : llvm::enumerate(model.graph().node())) {
    // The converter's adapters also read a node's operands without checking
    // their count (fuzzer: SEGV on a Mul with no inputs at opset 1).
    const onnx::NodeProto &node = it.value();
    if (const onnx::OpSchema *schema = onnx::OpSchemaRegistry::Schema(
            node.op_type(), opset, node.domain())) {
      if (node.input_size() < schema->min_input() ||
          node.input_size() > schema->max_input() ||
          node.output_size() < schema->min_output() ||
          node.output_size() > schema->max_output())
        return emitError(loc)
               << "node '" << nodeName(node, it.index()) << "' ("
               << node.op_type() << ") has " << node.input_size()
               << " inputs and " << node.output_size()
               << " outputs; opset " << opset << " allows "
               << schema->min_input() << " to " << schema->max_input()
               << " inputs and " << schema->min_output() << " to "
               << schema->max_output() << " outputs";
    }
    // Its Gemm adapter (opset 6 to 7) indexes A's and B's dimensions 0 and
    // 1 without checking their rank (fuzzer: a rank-1 B read past the end).
    if (node.op_type() == "Gemm" && node.domain().empty() && opset < 7)
      for (int i = 0; i < std::min(node.input_size(), 2); ++i) {
        auto rank = declaredRanks.find(node.input(i));
        if (rank != declaredRanks.end() && rank->second != 2)
          return emitError(loc)
                 << "node '" << nodeName(node, it.index())
                 << "' (Gemm) input '" << node.input(i) << "' has rank "
                 << rank->second << "; Gemm multiplies matrices (rank 2)";
      }
    for (const std::string &input : node.input())
      if (!input.empty() && !defined.count(input))
        return emitError(loc) << "node '" << nodeName(node, it.index())
                              << "' (" << node.op_type()
                              << ") reads '" << input
                              << "', which no earlier node, graph input or "
                                 "initializer defines";
    for (const std::string &output : node.output())
      defined.insert(output);
  }
  for (const onnx::ValueInfoProto &output : model.graph().output())
    if (!defined.count(output.name()))
      return emitError(loc) << "graph output '" << output.name()
                            << "' is not defined by any node, graph input or "
                               "initializer";
  return success();
}

/// Upgrades a model older than kMinOpset to kUpgradeOpset. checkOpset and
/// checkOperators first refuse what the converter would crash on: it trusts
/// that names are defined, operand counts and Gemm ranks fit the schema, and
/// that every node is in the default domain (fuzzer: SEGV in its broadcast
/// adapter on a Mul of an unknown domain).
static LogicalResult upgradeOpset(StringRef file, MLIRContext &ctx,
                                  onnx::ModelProto &model, int &opset) {
  if (opset >= kMinOpset)
    return success();
  Location loc = fileLoc(&ctx, file);
  try {
    model = onnx::version_conversion::ConvertVersion(model, kUpgradeOpset);
  } catch (const std::exception &e) {
    return emitError(loc) << "cannot upgrade opset " << opset << " to "
                          << kUpgradeOpset << " with ONNX's version converter: "
                          << oneLine(e.what());
  }
  opset = kUpgradeOpset;
  return success();
}


/// Collects every unsupported operator type first, so one run lists them all.
static LogicalResult checkOperators(StringRef file, MLIRContext &ctx,
                                    const onnx::ModelProto &model, int opset) {
  struct Use {
    unsigned count = 0;
    int firstNode = -1;
  };
  llvm::MapVector<std::string, Use, std::map<std::string, unsigned>> unsupported;
  const HandlerTable &table = HandlerTable::get();
  const onnx::GraphProto &graph = model.graph();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    bool defaultDomain = node.domain().empty() || node.domain() == "ai.onnx";
    if (defaultDomain && table.lookup(node.op_type(), opset))
      continue;
    std::string type =
        defaultDomain ? node.op_type() : node.domain() + "." + node.op_type();
    if (node.op_type().empty())
      type = "''";
    Use &use = unsupported[type];
    if (use.count++ == 0)
      use.firstNode = i;
  }
  if (unsupported.empty())
    return success();
  InFlightDiagnostic diag = emitError(fileLoc(&ctx, file));
  diag << unsupported.size() << " unsupported operator type"
       << (unsupported.size() == 1 ? "" : "s");
  for (auto &[type, use] : unsupported) {
    const onnx::NodeProto &node = graph.node(use.firstNode);
    diag.attachNote(onnxNodeLoc(&ctx, file, nodeName(node, use.firstNode),
                                node.op_type()))
        << "operator " << type << " is not supported (" << use.count
        << (use.count == 1 ? " node" : " nodes") << ")";
  }
  return failure();
}

/// Refuses window attributes ONNX's shape inference would divide by (a zero
/// stride is a SIGFPE inside libonnx) or overflow with.
static LogicalResult checkWindowAttributes(StringRef file, MLIRContext &ctx,
                                           const onnx::ModelProto &model) {
  const onnx::GraphProto &graph = model.graph();
  for (int i = 0; i < graph.node_size(); ++i) {
    const onnx::NodeProto &node = graph.node(i);
    for (const onnx::AttributeProto &attr : node.attribute()) {
      StringRef name = attr.name();
      bool isPads = name == "pads";
      if (!isPads && name != "strides" && name != "dilations" &&
          name != "kernel_shape")
        continue;
      for (int64_t v : attr.ints()) {
        if (v >= (isPads ? 0 : 1) && v <= INT32_MAX)
          continue;
        return emitError(onnxNodeLoc(&ctx, file, nodeName(node, i),
                                     node.op_type()))
               << name << " value " << v << " is out of range; "
               << (isPads ? "pads must be 0" : "it must be 1") << " to "
               << INT32_MAX;
      }
    }
  }
  return success();
}

/// Gives every Conv without kernel_shape the one its weights imply, as ONNX
/// defines it. ONNX 1.12's shape inference reads the kernel from the weights
/// without checking it against the input's rank and reads past the input's
/// dims when they differ (crashes found by fuzzing); with the attribute set it
/// compares the sizes and reports the mismatch. Weights whose shape only
/// inference knows (computed by other nodes) are left as they are.
/// Refuses constant tensors with negative dims, which ONNX's shape inference
/// takes as they are (a Conv's kernel of -3 crashed it).
static LogicalResult checkConstantDims(StringRef file, MLIRContext &ctx,
                                       const onnx::ModelProto &model) {
  auto check = [&](const onnx::TensorProto &tensor) -> LogicalResult {
    for (int64_t d : tensor.dims())
      if (d < 0)
        return emitError(fileLoc(&ctx, file))
               << "tensor '" << tensor.name() << "' has a negative dimension "
               << d;
    return success();
  };
  for (const onnx::TensorProto &init : model.graph().initializer())
    if (failed(check(init)))
      return failure();
  for (const onnx::NodeProto &node : model.graph().node())
    for (const onnx::AttributeProto &attr : node.attribute())
      if (attr.has_t() && failed(check(attr.t())))
        return failure();
  return success();
}

static LogicalResult setConvKernelShapes(StringRef file, MLIRContext &ctx,
                                         onnx::ModelProto &model) {
  onnx::GraphProto &graph = *model.mutable_graph();
  // The dims of every value whose shape the file states: constants, and
  // graph inputs and value_info with all dims given (runtime weights).
  llvm::StringMap<SmallVector<int64_t, 4>> known;
  auto addTensor = [&](const onnx::TensorProto &tensor) {
    known[tensor.name()].assign(tensor.dims().begin(), tensor.dims().end());
  };
  auto addValue = [&](const onnx::ValueInfoProto &info) {
    if (!info.type().has_tensor_type() ||
        !info.type().tensor_type().has_shape())
      return;
    SmallVector<int64_t, 4> dims;
    for (const auto &dim : info.type().tensor_type().shape().dim()) {
      if (!dim.has_dim_value())
        return;
      dims.push_back(dim.dim_value());
    }
    known[info.name()] = dims;
  };
  for (const onnx::ValueInfoProto &info : graph.input())
    addValue(info);
  for (const onnx::ValueInfoProto &info : graph.value_info())
    addValue(info);
  for (const onnx::TensorProto &init : graph.initializer())
    addTensor(init);
  for (const onnx::NodeProto &node : graph.node())
    if (node.op_type() == "Constant" && node.output_size() == 1)
      for (const onnx::AttributeProto &attr : node.attribute())
        if (attr.name() == "value" && attr.has_t()) {
          addTensor(attr.t());
          known[node.output(0)] = known[attr.t().name()];
        }
  for (int i = 0; i < graph.node_size(); ++i) {
    onnx::NodeProto &node = *graph.mutable_node(i);
    if (node.op_type() != "Conv" || node.input_size() < 2)
      continue;
    auto weights = known.find(node.input(1));
    if (weights == known.end())
      continue;
    // ONNX's inference also reads the weights' channel dims unchecked.
    if (weights->second.size() < 3)
      return emitError(onnxNodeLoc(&ctx, file, nodeName(node, i),
                                   node.op_type()))
             << "weights '" << node.input(1) << "' have rank "
             << weights->second.size() << "; Conv weights have rank 3 or more";
    if (llvm::any_of(node.attribute(), [](const onnx::AttributeProto &a) {
          return a.name() == "kernel_shape";
        }))
      continue;
    onnx::AttributeProto *attr = node.add_attribute();
    attr->set_name("kernel_shape");
    attr->set_type(onnx::AttributeProto::INTS);
    for (int64_t d : llvm::makeArrayRef(weights->second).drop_front(2))
      attr->add_ints(d);
  }
  return success();
}

/// Replaces external data of `tensor` with the bytes it points to, refusing
/// locations outside the model's folder.
static LogicalResult loadExternalData(StringRef file, MLIRContext &ctx,
                                      onnx::TensorProto &tensor) {
  Location loc = fileLoc(&ctx, file);
  std::string location;
  int64_t offset = 0, length = -1;
  for (const onnx::StringStringEntryProto &entry : tensor.external_data()) {
    if (entry.key() == "location")
      location = entry.value();
    else if (entry.key() == "offset" || entry.key() == "length") {
      int64_t value = 0;
      if (StringRef(entry.value()).getAsInteger(10, value) || value < 0)
        return emitError(loc) << "tensor '" << tensor.name()
                              << "' has a bad external data " << entry.key()
                              << " '" << entry.value() << "'";
      (entry.key() == "offset" ? offset : length) = value;
    }
  }
  auto refuse = [&]() {
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has external data at '" << location
                          << "', outside the model's folder; nncc reads "
                             "external data only from files next to the model";
  };
  if (location.empty())
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has external data without a location";
  if (path::is_absolute(location))
    return refuse();
  llvm::SmallString<128> lexical(location);
  path::remove_dots(lexical, /*remove_dot_dot=*/true);
  if (lexical.startswith(".."))
    return refuse();

  llvm::SmallString<128> modelDir(path::parent_path(file));
  if (modelDir.empty())
    modelDir = ".";
  llvm::SmallString<128> realDir, realFile, joined(modelDir);
  path::append(joined, location);
  if (fs::real_path(modelDir, realDir))
    return emitError(loc) << "cannot resolve the model's folder";
  if (!fs::exists(joined))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has external data in '" << location
                          << "', which does not exist next to the model";
  if (!fs::is_regular_file(joined))
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has external data in '" << location
                          << "', which is not a regular file";
  if (fs::real_path(joined, realFile) ||
      !StringRef(realFile).startswith((realDir + "/").str()))
    return refuse();

  auto buffer = llvm::MemoryBuffer::getFile(realFile, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "': cannot read external data '" << location
                          << "': " << buffer.getError().message();
  int64_t size = (*buffer)->getBufferSize();
  if (offset > size)
    return emitError(loc) << "tensor '" << tensor.name()
                          << "' has external data at offset " << offset
                          << " of '" << location << "', which has " << size
                          << " bytes";
  if (length < 0)
    length = size - offset;
  if (offset > size || length < 0 || offset + length > size)
    return emitError(loc) << "tensor '" << tensor.name() << "' needs bytes "
                          << offset << " to " << offset + length << " of '"
                          << location << "', which has " << size;
  tensor.set_raw_data((*buffer)->getBufferStart() + offset, length);
  tensor.clear_external_data();
  tensor.set_data_location(onnx::TensorProto::DEFAULT);
  return success();
}

static LogicalResult loadAllExternalData(StringRef file, MLIRContext &ctx,
                                         onnx::ModelProto &model) {
  onnx::GraphProto *graph = model.mutable_graph();
  for (onnx::TensorProto &tensor : *graph->mutable_initializer())
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL &&
        failed(loadExternalData(file, ctx, tensor)))
      return failure();
  for (onnx::NodeProto &node : *graph->mutable_node())
    for (onnx::AttributeProto &attr : *node.mutable_attribute())
      if (attr.has_t() &&
          attr.t().data_location() == onnx::TensorProto::EXTERNAL &&
          failed(loadExternalData(file, ctx, *attr.mutable_t())))
        return failure();
  return success();
}

/// The graph inputs that are not initializers: the function's arguments.
static SmallVector<onnx::ValueInfoProto *>
runtimeInputs(onnx::ModelProto &model) {
  llvm::StringSet<> initializers;
  for (const onnx::TensorProto &init : model.graph().initializer())
    initializers.insert(init.name());
  SmallVector<onnx::ValueInfoProto *> inputs;
  for (onnx::ValueInfoProto &input : *model.mutable_graph()->mutable_input())
    if (!initializers.count(input.name()))
      inputs.push_back(&input);
  return inputs;
}

static std::string dimsStr(ArrayRef<int64_t> dims) {
  std::string s;
  for (int64_t d : dims)
    s += (s.empty() ? "" : "x") + std::to_string(d);
  return s;
}

/// Turns each bound graph input into an initializer holding the tensor read
/// from its file. The input stays listed in graph.input (models before IR 4
/// require initializers to be inputs) with the tensor's exact shape, so the
/// importer treats it as a constant and shape inference sees static dims.
static LogicalResult bindInputs(StringRef file, MLIRContext &ctx,
                                onnx::ModelProto &model,
                                ArrayRef<InputBinding> bindings) {
  Location loc = fileLoc(&ctx, file);
  llvm::StringSet<> bound;
  for (const InputBinding &binding : bindings) {
    if (!bound.insert(binding.name).second)
      return emitError(loc) << "--bind-input binds '" << binding.name
                            << "' twice";
    onnx::ValueInfoProto *target = nullptr;
    for (onnx::ValueInfoProto *input : runtimeInputs(model))
      if (input->name() == binding.name)
        target = input;
    if (!target) {
      std::string names;
      for (onnx::ValueInfoProto *input : runtimeInputs(model))
        names += (names.empty() ? "'" : ", '") + input->name() + "'";
      return emitError(loc) << "--bind-input names '" << binding.name
                            << "', which is not an input of the model "
                               "(inputs without initializer: "
                            << names << ")";
    }
    auto buffer = llvm::MemoryBuffer::getFile(binding.path, /*IsText=*/false,
                                              /*RequiresNullTerminator=*/false);
    if (!buffer)
      return emitError(loc) << "--bind-input " << binding.name
                            << ": cannot read '" << binding.path
                            << "': " << buffer.getError().message();
    onnx::TensorProto tensor;
    if (!tensor.ParseFromArray((*buffer)->getBufferStart(),
                               static_cast<int>((*buffer)->getBufferSize())))
      return emitError(loc) << "--bind-input " << binding.name << ": '"
                            << binding.path
                            << "' is not a serialized ONNX TensorProto";
    if (tensor.data_location() == onnx::TensorProto::EXTERNAL)
      return emitError(loc) << "--bind-input " << binding.name << ": '"
                            << binding.path << "' has external data";
    const onnx::TypeProto &type = target->type();
    if (type.has_tensor_type() &&
        type.tensor_type().elem_type() != tensor.data_type())
      return emitError(loc)
             << "--bind-input " << binding.name << ": '" << binding.path
             << "' holds "
             << onnx::TensorProto::DataType_Name(
                    static_cast<onnx::TensorProto::DataType>(
                        tensor.data_type()))
             << " but the input is "
             << onnx::TensorProto::DataType_Name(
                    static_cast<onnx::TensorProto::DataType>(
                        type.tensor_type().elem_type()));
    SmallVector<int64_t> dims(tensor.dims().begin(), tensor.dims().end());
    if (type.has_tensor_type() && type.tensor_type().has_shape()) {
      const auto &declared = type.tensor_type().shape().dim();
      bool fits = declared.size() == static_cast<int>(dims.size());
      for (int d = 0; fits && d < declared.size(); ++d)
        fits = !declared[d].has_dim_value() ||
               declared[d].dim_value() == dims[d];
      if (!fits) {
        SmallVector<int64_t> want;
        for (const auto &dim : declared)
          want.push_back(dim.has_dim_value() ? dim.dim_value() : -1);
        return emitError(loc)
               << "--bind-input " << binding.name << ": '" << binding.path
               << "' has shape " << (dims.empty() ? "scalar" : dimsStr(dims))
               << " but the input is declared "
               << (want.empty() ? "scalar" : dimsStr(want));
      }
    }
    auto *shape = target->mutable_type()->mutable_tensor_type();
    shape->set_elem_type(tensor.data_type());
    shape->mutable_shape()->clear_dim();
    for (int64_t d : dims)
      shape->mutable_shape()->add_dim()->set_dim_value(d);
    tensor.set_name(binding.name);
    *model.mutable_graph()->add_initializer() = std::move(tensor);
  }
  return success();
}

LogicalResult nncc::onnx_import::checkElementCount(Location loc,
                                                  const llvm::Twine &what,
                                                  ArrayRef<int64_t> dims) {
  int64_t count = 1;
  bool overflow = false;
  for (int64_t d : dims) {
    if (d > 0 && count > INT64_MAX / d)
      overflow = true;
    else
      count *= d;
  }
  if (!overflow && count <= kMaxTensorElements)
    return success();
  InFlightDiagnostic diag = emitError(loc);
  diag << what << " has shape " << dimsStr(dims) << ", ";
  if (overflow)
    diag << "more elements than fit in 64 bits";
  else
    diag << count << " elements";
  diag << "; nncc's tensors hold at most " << kMaxTensorElements;
  return failure();
}

static LogicalResult applyInputShapes(StringRef file, MLIRContext &ctx,
                                      onnx::ModelProto &model,
                                      ArrayRef<InputShape> shapes) {
  Location loc = fileLoc(&ctx, file);
  SmallVector<onnx::ValueInfoProto *> inputs = runtimeInputs(model);
  std::string names;
  for (onnx::ValueInfoProto *input : inputs)
    names += (names.empty() ? "'" : ", '") + input->name() + "'";

  llvm::SmallPtrSet<onnx::ValueInfoProto *, 4> shaped;
  for (const InputShape &shape : shapes) {
    onnx::ValueInfoProto *target = nullptr;
    if (shape.name.empty()) {
      if (inputs.size() != 1)
        return emitError(loc)
               << "--input-shape=" << dimsStr(shape.dims)
               << " without an input name needs a model with one input; this "
                  "one has "
               << inputs.size() << " (" << names << "): use NAME:"
               << dimsStr(shape.dims);
      target = inputs.front();
    } else {
      for (onnx::ValueInfoProto *input : inputs)
        if (input->name() == shape.name)
          target = input;
      if (!target)
        return emitError(loc) << "--input-shape names '" << shape.name
                              << "', which is not an input of the model "
                                 "(inputs: "
                              << names << ")";
    }
    if (!shaped.insert(target).second)
      return emitError(loc) << "--input-shape sets input '" << target->name()
                            << "' twice";
    auto *tensorType = target->mutable_type()->mutable_tensor_type();
    if (tensorType->has_shape() &&
        tensorType->shape().dim_size() != static_cast<int>(shape.dims.size()))
      return emitError(loc) << "--input-shape gives input '" << target->name()
                            << "' " << shape.dims.size()
                            << " dimensions, the model's has "
                            << tensorType->shape().dim_size();
    auto *dims = tensorType->mutable_shape();
    dims->clear_dim();
    for (int64_t d : shape.dims)
      dims->add_dim()->set_dim_value(d);
  }

  if (!shapes.empty()) {
    // Shapes the exporter recorded for other resolutions would contradict
    // the new ones: let shape inference derive them again.
    model.mutable_graph()->clear_value_info();
    // The checker wants output shapes present: keep the rank, forget the dims.
    for (onnx::ValueInfoProto &output : *model.mutable_graph()->mutable_output())
      if (output.type().has_tensor_type() &&
          output.type().tensor_type().has_shape())
        for (auto &dim : *output.mutable_type()
                              ->mutable_tensor_type()
                              ->mutable_shape()
                              ->mutable_dim())
          dim.Clear();
  }

  bool ok = true;
  for (onnx::ValueInfoProto *input : inputs) {
    const onnx::TypeProto &type = input->type();
    if (!type.has_tensor_type()) {
      emitError(loc) << "input '" << input->name() << "' is not a tensor";
      ok = false;
      continue;
    }
    int elemType = type.tensor_type().elem_type();
    if (elemType != onnx::TensorProto::FLOAT) {
      emitError(loc) << "input '" << input->name() << "' has element type "
                     << onnx::TensorProto::DataType_Name(
                            static_cast<onnx::TensorProto::DataType>(elemType))
                     << "; nncc compiles f32 models only";
      ok = false;
      continue;
    }
    if (!type.tensor_type().has_shape()) {
      emitError(loc) << "input '" << input->name()
                     << "' has no shape; set it with --input-shape="
                     << input->name() << ":1x3x224x224";
      ok = false;
      continue;
    }
    const auto &dims = type.tensor_type().shape().dim();
    // A zero or negative size is a broken model, not a dynamic dimension.
    auto bad = llvm::find_if(dims, [](const onnx::TensorShapeProto_Dimension &d) {
      return d.has_dim_value() && d.dim_value() <= 0;
    });
    if (bad != dims.end()) {
      emitError(loc) << "input '" << input->name() << "' has dimension "
                     << (bad - dims.begin()) << " of size " << bad->dim_value()
                     << "; sizes must be positive";
      ok = false;
      continue;
    }
    SmallVector<int64_t> suggestion;
    int firstDynamic = -1;
    for (int d = 0; d < dims.size(); ++d) {
      bool known = dims[d].has_dim_value() && dims[d].dim_value() > 0;
      if (!known && firstDynamic < 0)
        firstDynamic = d;
      suggestion.push_back(known ? dims[d].dim_value()
                                 : (d >= 2 && dims.size() == 4 ? 224 : 1));
    }
    if (firstDynamic < 0) {
      if (failed(checkElementCount(loc, "input '" + input->name() + "'",
                                   suggestion)))
        ok = false;
      continue;
    }
    InFlightDiagnostic diag = emitError(loc);
    diag << "input '" << input->name() << "' has a dynamic dimension "
         << firstDynamic;
    if (!dims[firstDynamic].dim_param().empty())
      diag << " ('" << dims[firstDynamic].dim_param() << "')";
    diag << "; set it with --input-shape=" << input->name() << ":"
         << dimsStr(suggestion);
    ok = false;
  }
  return success(ok);
}

/// Where an ONNX checker or inference message is about: the node it names
/// ("(op_type:Conv, node name: conv1)" or "Name: conv1 OpType: Conv"), so the
/// error carries the node like every other nncc error; else the file.
static Location onnxMessageLoc(StringRef file, MLIRContext &ctx,
                               const std::string &message) {
  static const std::regex inference(R"(op_type:([A-Za-z0-9_.]+), node name: ([^)]*)\))");
  static const std::regex checker(R"([Nn]ame: (\S*) OpType: ([A-Za-z0-9_.]+))");
  std::smatch m;
  if (std::regex_search(message, m, inference))
    return onnxNodeLoc(&ctx, file, m[2].str(), m[1].str());
  if (std::regex_search(message, m, checker))
    return onnxNodeLoc(&ctx, file, m[1].str(), m[2].str());
  return fileLoc(&ctx, file);
}

static LogicalResult checkAndInfer(StringRef file, MLIRContext &ctx,
                                   onnx::ModelProto &model) {
  try {
    onnx::checker::check_model(model);
  } catch (const std::exception &e) {
    std::string message = oneLine(e.what());
    return emitError(onnxMessageLoc(file, ctx, message))
           << "invalid ONNX model: " << message;
  }
  try {
    onnx::ShapeInferenceOptions options(/*check_type_val=*/true,
                                        /*strict_mode_val=*/1,
                                        /*data_prop_val=*/true);
    onnx::shape_inference::InferShapes(
        model, onnx::OpSchemaRegistry::Instance(), options);
  } catch (const std::exception &e) {
    std::string message = oneLine(e.what());
    return emitError(onnxMessageLoc(file, ctx, message))
           << "ONNX shape inference failed: " << message;
  }
  return success();
}

LogicalResult nncc::onnx_import::loadModel(StringRef path,
                                           ArrayRef<InputShape> shapes,
                                           ArrayRef<InputBinding> bindings,
                                           MLIRContext &ctx,
                                           onnx::ModelProto &model,
                                           int &opset) {
  auto buffer = llvm::MemoryBuffer::getFile(path, /*IsText=*/false,
                                            /*RequiresNullTerminator=*/false);
  if (!buffer)
    return emitError(fileLoc(&ctx, path))
           << "cannot read input: " << buffer.getError().message();
  return loadModel((*buffer)->getBuffer(), path, shapes, bindings, ctx, model,
                   opset);
}

LogicalResult nncc::onnx_import::loadModel(StringRef data, StringRef path,
                                           ArrayRef<InputShape> shapes,
                                           ArrayRef<InputBinding> bindings,
                                           MLIRContext &ctx,
                                           onnx::ModelProto &model,
                                           int &opset) {
  if (failed(parseModel(path, data, ctx, model)) ||
      failed(checkOpset(path, ctx, model, opset)) ||
      failed(checkOperators(path, ctx, model,
                            opset < kMinOpset ? kUpgradeOpset : opset)) ||
      failed(upgradeOpset(path, ctx, model, opset)) ||
      failed(checkConstantDims(path, ctx, model)))
    return failure();
  // ONNX's shape inference trusts what follows: make it explicit or refuse
  // it first.
  if (failed(setConvKernelShapes(path, ctx, model)) ||
      failed(checkWindowAttributes(path, ctx, model)) ||
      failed(loadAllExternalData(path, ctx, model)) ||
      failed(bindInputs(path, ctx, model, bindings)) ||
      failed(applyInputShapes(path, ctx, model, shapes)) ||
      failed(checkAndInfer(path, ctx, model)))
    return failure();
  return success();
}
