//===- ConstTensor.cpp - tensors the importer knows at compile time ------===//
//
// Reading ONNX TensorProto data in all its storage forms, and the index
// arithmetic the shape-subgraph folder shares with the nn-op handlers.
//
//===----------------------------------------------------------------------===//

#include "ConstTensor.h"

#include "onnx/onnx_pb.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <cstring>

using namespace nncc::onnx_import;

int64_t nncc::onnx_import::numElements(llvm::ArrayRef<int64_t> shape) {
  int64_t n = 1;
  for (int64_t d : shape)
    n *= d;
  return n;
}

std::string nncc::onnx_import::shapeStr(llvm::ArrayRef<int64_t> shape) {
  if (shape.empty())
    return "scalar";
  std::string s;
  llvm::raw_string_ostream os(s);
  llvm::interleave(shape, os, "x");
  return os.str();
}

ConstTensor ConstTensor::ofInts(llvm::ArrayRef<int64_t> shape,
                                std::vector<int64_t> values) {
  ConstTensor t;
  t.shape.assign(shape.begin(), shape.end());
  t.ints = std::move(values);
  return t;
}

ConstTensor ConstTensor::ofFloats(llvm::ArrayRef<int64_t> shape,
                                  std::vector<float> values) {
  ConstTensor t;
  t.isFloat = true;
  t.shape.assign(shape.begin(), shape.end());
  t.floats = std::move(values);
  return t;
}

ConstTensor ConstTensor::vector(llvm::ArrayRef<int64_t> values) {
  return ofInts({static_cast<int64_t>(values.size())},
                std::vector<int64_t>(values.begin(), values.end()));
}

double ConstTensor::asDouble(size_t i) const {
  return isFloat ? static_cast<double>(floats[i]) : static_cast<double>(ints[i]);
}

int64_t ConstTensor::asInt(size_t i) const {
  return isFloat ? static_cast<int64_t>(floats[i]) : ints[i];
}

std::vector<int64_t> ConstTensor::toInts() const {
  if (!isFloat)
    return ints;
  std::vector<int64_t> result;
  result.reserve(floats.size());
  for (float f : floats)
    result.push_back(static_cast<int64_t>(f));
  return result;
}

std::vector<float> ConstTensor::toFloats() const {
  if (isFloat)
    return floats;
  std::vector<float> result;
  result.reserve(ints.size());
  for (int64_t i : ints)
    result.push_back(static_cast<float>(i));
  return result;
}

ConstTensor ConstTensor::reshaped(llvm::ArrayRef<int64_t> newShape) const {
  ConstTensor t = *this;
  t.shape.assign(newShape.begin(), newShape.end());
  return t;
}

ConstTensor ConstTensor::select(llvm::ArrayRef<int64_t> newShape,
                                llvm::ArrayRef<int64_t> source) const {
  ConstTensor t;
  t.isFloat = isFloat;
  t.shape.assign(newShape.begin(), newShape.end());
  if (isFloat) {
    t.floats.reserve(source.size());
    for (int64_t i : source)
      t.floats.push_back(floats[i]);
  } else {
    t.ints.reserve(source.size());
    for (int64_t i : source)
      t.ints.push_back(ints[i]);
  }
  return t;
}

Shape nncc::onnx_import::stridesOf(llvm::ArrayRef<int64_t> shape) {
  Shape strides(shape.size(), 1);
  for (int64_t d = static_cast<int64_t>(shape.size()) - 2; d >= 0; --d)
    strides[d] = strides[d + 1] * shape[d + 1];
  return strides;
}

/// Calls `fn(index)` for every multi-index of `shape` in row-major order.
template <typename Fn>
static void forEachIndex(llvm::ArrayRef<int64_t> shape, Fn fn) {
  int64_t total = numElements(shape);
  Shape index(shape.size(), 0);
  for (int64_t n = 0; n < total; ++n) {
    fn(llvm::ArrayRef<int64_t>(index));
    for (int64_t d = static_cast<int64_t>(shape.size()) - 1; d >= 0; --d) {
      if (++index[d] < shape[d])
        break;
      index[d] = 0;
    }
  }
}

std::vector<int64_t>
nncc::onnx_import::transposeIndices(llvm::ArrayRef<int64_t> shape,
                                    llvm::ArrayRef<int64_t> perm,
                                    Shape &resultShape) {
  Shape strides = stridesOf(shape);
  resultShape.clear();
  for (int64_t p : perm)
    resultShape.push_back(shape[p]);
  std::vector<int64_t> source;
  source.reserve(numElements(shape));
  forEachIndex(resultShape, [&](llvm::ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (size_t d = 0; d < perm.size(); ++d)
      offset += index[d] * strides[perm[d]];
    source.push_back(offset);
  });
  return source;
}

std::vector<int64_t>
nncc::onnx_import::sliceIndices(llvm::ArrayRef<int64_t> shape,
                                llvm::ArrayRef<int64_t> starts,
                                llvm::ArrayRef<int64_t> steps,
                                llvm::ArrayRef<int64_t> resultShape) {
  Shape strides = stridesOf(shape);
  std::vector<int64_t> source;
  source.reserve(numElements(resultShape));
  forEachIndex(resultShape, [&](llvm::ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      offset += (starts[d] + index[d] * steps[d]) * strides[d];
    source.push_back(offset);
  });
  return source;
}

std::vector<int64_t>
nncc::onnx_import::broadcastIndices(llvm::ArrayRef<int64_t> shape,
                                    llvm::ArrayRef<int64_t> resultShape) {
  Shape strides = stridesOf(shape);
  size_t lead = resultShape.size() - shape.size();
  std::vector<int64_t> source;
  source.reserve(numElements(resultShape));
  forEachIndex(resultShape, [&](llvm::ArrayRef<int64_t> index) {
    int64_t offset = 0;
    for (size_t d = 0; d < shape.size(); ++d)
      if (shape[d] != 1)
        offset += index[lead + d] * strides[d];
    source.push_back(offset);
  });
  return source;
}

ConstTensor nncc::onnx_import::concat(llvm::ArrayRef<const ConstTensor *> parts,
                                      int64_t axis) {
  ConstTensor result;
  result.isFloat = parts.front()->isFloat;
  result.shape = parts.front()->shape;
  result.shape[axis] = 0;
  for (const ConstTensor *part : parts)
    result.shape[axis] += part->shape[axis];
  int64_t outer = numElements(llvm::makeArrayRef(result.shape).take_front(axis));
  for (int64_t o = 0; o < outer; ++o) {
    for (const ConstTensor *part : parts) {
      int64_t chunk = numElements(llvm::makeArrayRef(part->shape).drop_front(axis));
      int64_t begin = o * chunk;
      if (result.isFloat)
        result.floats.insert(result.floats.end(), part->floats.begin() + begin,
                             part->floats.begin() + begin + chunk);
      else
        result.ints.insert(result.ints.end(), part->ints.begin() + begin,
                           part->ints.begin() + begin + chunk);
    }
  }
  return result;
}

/// Copies little-endian raw bytes of `count` elements of type T.
template <typename T>
static std::vector<T> fromRaw(const std::string &raw, int64_t count,
                              bool &ok) {
  // Check the size before allocating: a corrupt dims field must not turn
  // into a huge allocation.
  ok = raw.size() == static_cast<size_t>(count) * sizeof(T);
  if (!ok)
    return {};
  std::vector<T> values(count);
  if (count)
    std::memcpy(values.data(), raw.data(), raw.size());
  return values;
}

template <typename To, typename From>
static std::vector<To> convert(const std::vector<From> &values) {
  return std::vector<To>(values.begin(), values.end());
}

template <typename To, typename Field>
static std::vector<To> convertField(const Field &field) {
  return std::vector<To>(field.begin(), field.end());
}

std::optional<ConstTensor>
nncc::onnx_import::readTensorProto(const onnx::TensorProto &proto,
                                   std::string &error) {
  Shape shape(proto.dims().begin(), proto.dims().end());
  int64_t count = 1;
  for (int64_t d : shape) {
    if (d < 0) {
      error = "has a negative dimension";
      return std::nullopt;
    }
    if (d && count > kMaxFoldedElements / d) {
      error = "has shape " + shapeStr(shape) + ", too large for nncc";
      return std::nullopt;
    }
    count *= d;
  }
  const std::string &raw = proto.raw_data();
  bool hasRaw = proto.has_raw_data();
  bool ok = true;
  ConstTensor t;
  t.shape = shape;
  switch (proto.data_type()) {
  case onnx::TensorProto::FLOAT:
    t.isFloat = true;
    t.floats = hasRaw ? fromRaw<float>(raw, count, ok)
                      : convertField<float>(proto.float_data());
    break;
  case onnx::TensorProto::DOUBLE:
    t.isFloat = true;
    t.floats = hasRaw ? convert<float>(fromRaw<double>(raw, count, ok))
                      : convertField<float>(proto.double_data());
    break;
  case onnx::TensorProto::INT64:
    t.ints = hasRaw ? fromRaw<int64_t>(raw, count, ok)
                    : convertField<int64_t>(proto.int64_data());
    break;
  case onnx::TensorProto::INT32:
    t.ints = hasRaw ? convert<int64_t>(fromRaw<int32_t>(raw, count, ok))
                    : convertField<int64_t>(proto.int32_data());
    break;
  case onnx::TensorProto::INT16:
    t.ints = hasRaw ? convert<int64_t>(fromRaw<int16_t>(raw, count, ok))
                    : convertField<int64_t>(proto.int32_data());
    break;
  case onnx::TensorProto::INT8:
    t.ints = hasRaw ? convert<int64_t>(fromRaw<int8_t>(raw, count, ok))
                    : convertField<int64_t>(proto.int32_data());
    break;
  case onnx::TensorProto::UINT8:
  case onnx::TensorProto::BOOL:
    t.ints = hasRaw ? convert<int64_t>(fromRaw<uint8_t>(raw, count, ok))
                    : convertField<int64_t>(proto.int32_data());
    break;
  case onnx::TensorProto::UINT16:
    t.ints = hasRaw ? convert<int64_t>(fromRaw<uint16_t>(raw, count, ok))
                    : convertField<int64_t>(proto.int32_data());
    break;
  case onnx::TensorProto::UINT32:
    t.ints = hasRaw ? convert<int64_t>(fromRaw<uint32_t>(raw, count, ok))
                    : convertField<int64_t>(proto.uint64_data());
    break;
  default:
    error = "has data type " +
            onnx::TensorProto::DataType_Name(
                static_cast<onnx::TensorProto::DataType>(proto.data_type())) +
            ", which nncc does not read";
    return std::nullopt;
  }
  if (!ok) {
    error = "has " + std::to_string(raw.size()) + " bytes of raw data for " +
            std::to_string(count) + " elements of shape " + shapeStr(shape);
    return std::nullopt;
  }
  int64_t have = t.isFloat ? t.floats.size() : t.ints.size();
  if (have != count) {
    error = "has " + std::to_string(have) + " values for shape " +
            shapeStr(shape) + " (" + std::to_string(count) + " elements)";
    return std::nullopt;
  }
  return t;
}
