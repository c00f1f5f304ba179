//===- Storage.cpp - how tensors lie in memory -------------------------===//

#include "Storage.h"

#include "llvm/ADT/STLExtras.h"

using namespace nncc;

int64_t Storage::span() const {
  int64_t last = 0;
  for (const Dim &d : dims)
    last += (d.extent - 1) * d.stride;
  return last + 1;
}

int64_t Storage::extentOf(int dim) const {
  if (dim == 1 && !channels.empty())
    return channels.size();
  for (unsigned i = 0; i < rank(); ++i)
    if (order[i] == dim)
      return dims[i].extent;
  return 1;
}

bool Storage::isDense() const {
  if (!channels.empty())
    return false;
  int64_t expected = 1;
  for (const Dim &d : dims) {
    if (d.extent != 1 && d.stride != expected)
      return false;
    expected *= d.extent;
  }
  return true;
}

std::string Storage::layoutKey() const {
  std::string key;
  for (unsigned i = 0; i < rank(); ++i)
    key += std::to_string(order[i]) + ":" + std::to_string(dims[i].extent) +
           "/" + std::to_string(dims[i].stride) + ",";
  if (!channels.empty()) {
    key += "channels";
    for (int c : channels)
      key += ":" + std::to_string(c);
  }
  return key;
}

llvm::SmallVector<int, 5> nncc::rowMajorOrder(unsigned rank) {
  llvm::SmallVector<int, 5> order;
  for (int d = rank - 1; d >= 0; --d)
    order.push_back(d);
  return order;
}

llvm::SmallVector<int, 5> nncc::channelsLastOrder() { return {1, 3, 2, 0}; }

Storage nncc::denseStorage(llvm::ArrayRef<int64_t> shape,
                           llvm::ArrayRef<int> order) {
  Storage s;
  s.order.assign(order.begin(), order.end());
  int64_t stride = 1;
  for (int d : order) {
    s.dims.push_back({shape[d], stride});
    stride *= shape[d];
  }
  return s;
}

Halide::ImageParam nncc::makeParam(const Storage &storage,
                                   const std::string &name) {
  Halide::ImageParam param(Halide::Float(32), storage.rank(), name);
  for (unsigned i = 0; i < storage.rank(); ++i)
    param.dim(i)
        .set_bounds(0, static_cast<int>(storage.dims[i].extent))
        .set_stride(static_cast<int>(storage.dims[i].stride));
  return param;
}

/// The Halide argument position of ONNX dimension `d` in a logical Func.
static unsigned logicalArg(unsigned rank, int d) { return rank - 1 - d; }

Halide::Expr nncc::storageChannel(const Storage &storage,
                                  const Halide::Expr &c) {
  Halide::Buffer<int32_t> table(static_cast<int>(storage.channels.size()));
  for (unsigned i = 0; i < storage.channels.size(); ++i)
    table(static_cast<int>(i)) = storage.channels[i];
  return Halide::unsafe_promise_clamped(
      table(c), 0, static_cast<int>(storage.dims[0].extent - 1));
}

Halide::Func nncc::logicalView(const Halide::ImageParam &param,
                               const Storage &storage) {
  unsigned rank = storage.rank();
  std::vector<Halide::Var> vars(rank);
  std::vector<Halide::Expr> storageArgs;
  for (unsigned i = 0; i < rank; ++i)
    storageArgs.push_back(vars[logicalArg(rank, storage.order[i])]);
  if (!storage.channels.empty())
    storageArgs[0] = storageChannel(storage, storageArgs[0]);
  Halide::Func f(param.name() + "_logical");
  f(vars) = param(storageArgs);
  return f;
}

Halide::Func nncc::storageView(const Halide::Func &logical,
                               const Storage &storage,
                               std::vector<Halide::Var> &vars) {
  unsigned rank = storage.rank();
  vars.clear();
  for (unsigned i = 0; i < rank; ++i)
    vars.push_back(Halide::Var("s" + std::to_string(i)));
  std::vector<Halide::Expr> logicalArgs(rank);
  for (unsigned i = 0; i < rank; ++i)
    logicalArgs[logicalArg(rank, storage.order[i])] = vars[i];
  Halide::Func out(logical.name() + "_out");
  out(vars) = logical(logicalArgs);
  return out;
}

void nncc::constrainOutput(Halide::Func &output, const Storage &storage) {
  Halide::OutputImageParam buffer = output.output_buffer();
  for (unsigned i = 0; i < storage.rank(); ++i)
    buffer.dim(i)
        .set_bounds(0, static_cast<int>(storage.dims[i].extent))
        .set_stride(static_cast<int>(storage.dims[i].stride));
}
