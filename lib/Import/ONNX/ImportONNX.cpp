//===- ImportONNX.cpp - the ONNX frontend's entry points ------------------===//
//
// importONNXFile/importONNXBuffer = loadModel (parse, refuse, check, infer) +
// GraphImporter.
//
//===----------------------------------------------------------------------===//

#include "nncc/Import/ONNX/ImportONNX.h"

#include "GraphImporter.h"
#include "ModelLoader.h"

#include "nncc/Support/Diagnostics.h"

#include "onnx/onnx_pb.h"

using namespace mlir;
using namespace nncc;

llvm::Optional<InputShape> nncc::parseInputShape(llvm::StringRef text) {
  InputShape shape;
  llvm::StringRef dims = text;
  size_t colon = text.rfind(':');
  if (colon != llvm::StringRef::npos) {
    shape.name = text.take_front(colon).str();
    dims = text.drop_front(colon + 1);
  }
  bool ok = !dims.empty() && (colon == llvm::StringRef::npos ||
                              !shape.name.empty());
  while (ok && !dims.empty()) {
    auto [dim, rest] = dims.split('x');
    int64_t value = 0;
    if (dim.getAsInteger(10, value) || value <= 0)
      ok = false;
    else
      shape.dims.push_back(value);
    if (rest.empty() && dims.size() != dim.size())
      ok = false; // trailing 'x'
    dims = rest;
  }
  if (!ok) {
    reportError("malformed --input-shape '" + text +
                "': expected [NAME:]DIMS with positive dimensions joined by "
                "'x', e.g. input:1x3x224x224");
    return llvm::None;
  }
  return shape;
}

llvm::Optional<InputBinding> nncc::parseInputBinding(llvm::StringRef text) {
  auto [name, file] = text.split('=');
  if (name.empty() || file.empty()) {
    reportError("malformed --bind-input '" + text +
                "': expected NAME=FILE.pb, e.g. W=test_data_set_0/input_1.pb");
    return llvm::None;
  }
  return InputBinding{name.str(), file.str()};
}

OwningOpRef<ModuleOp>
nncc::importONNXFile(llvm::StringRef path, llvm::ArrayRef<InputShape> shapes,
                     MLIRContext &ctx, llvm::ArrayRef<InputBinding> bindings) {
  onnx::ModelProto model;
  int opset = 0;
  if (failed(onnx_import::loadModel(path, shapes, bindings, ctx, model,
                                    opset)))
    return nullptr;
  onnx_import::GraphImporter importer(ctx, path, model, opset);
  return importer.run();
}

OwningOpRef<ModuleOp> nncc::importONNXBuffer(llvm::StringRef data,
                                             llvm::StringRef path,
                                             llvm::ArrayRef<InputShape> shapes,
                                             MLIRContext &ctx) {
  onnx::ModelProto model;
  int opset = 0;
  if (failed(onnx_import::loadModel(data, path, shapes, /*bindings=*/{}, ctx,
                                    model, opset)))
    return nullptr;
  onnx_import::GraphImporter importer(ctx, path, model, opset);
  return importer.run();
}

std::vector<SupportedOp> nncc::supportedONNXOps() {
  std::vector<SupportedOp> ops;
  for (auto &[type, since] : onnx_import::HandlerTable::get().opTypes())
    ops.push_back({type, since});
  return ops;
}
