//===- MeasuredTimes.cpp - measured kernel times in the model report ----===//
//
// A profiling build times each kernel call; the report's compiled layers know
// which calls are theirs, so a layer's time is the sum of its calls' times.
// The times arrive as a small JSON file, so the program that measured them
// (nncc-run --profile) needs neither the compiler nor the report's code.
//
//===----------------------------------------------------------------------===//

#include "nncc/Analysis/Report.h"

#include "llvm/Support/MemoryBuffer.h"

using namespace nncc;
namespace json = llvm::json;

/// The times in `text`, or an error naming what is wrong.
static llvm::Expected<MeasuredTimes> parseMeasuredTimes(llvm::StringRef text) {
  llvm::Expected<json::Value> parsed = json::parse(text);
  if (!parsed)
    return parsed.takeError();
  auto malformed = [](llvm::StringRef what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), what);
  };
  const json::Object *root = parsed->getAsObject();
  if (!root)
    return malformed("expected a JSON object");
  MeasuredTimes times;
  llvm::Optional<int64_t> runs = root->getInteger("runs");
  llvm::Optional<int64_t> warmup = root->getInteger("warmup_runs");
  llvm::Optional<double> total = root->getNumber("total_ms");
  const json::Array *calls = root->getArray("calls_ms");
  if (!runs || *runs < 1 || !warmup || *warmup < 0 || !total || *total < 0 ||
      !calls)
    return malformed("expected \"runs\" >= 1, \"warmup_runs\" >= 0, "
                     "\"total_ms\" >= 0 and \"calls_ms\": [ms per call]");
  times.runs = *runs;
  times.warmupRuns = *warmup;
  times.totalMs = *total;
  for (const json::Value &call : *calls) {
    llvm::Optional<double> ms = call.getAsNumber();
    if (!ms || *ms < 0)
      return malformed("\"calls_ms\" holds a value that is not a time");
    times.callMs.push_back(*ms);
  }
  return times;
}

llvm::Error nncc::addMeasuredTimes(llvm::StringRef path, ModelReport &report) {
  auto fail = [&](const llvm::Twine &what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(),
                                   (path + ": " + what).str());
  };
  auto buffer = llvm::MemoryBuffer::getFile(path);
  if (!buffer)
    return fail("cannot read measured times: " + buffer.getError().message());
  llvm::Expected<MeasuredTimes> times =
      parseMeasuredTimes((*buffer)->getBuffer());
  if (!times)
    return fail("malformed measured times: " +
                llvm::toString(times.takeError()));
  if (times->callMs.size() != report.kernelCalls)
    return fail("times " + llvm::Twine(times->callMs.size()) +
                " kernel calls, but the network compiled with these flags "
                "makes " +
                llvm::Twine(report.kernelCalls));
  report.kernelMs = 0;
  for (CompiledLayer &layer : report.compiled) {
    layer.ms = 0;
    for (unsigned call : layer.callIndices)
      layer.ms += times->callMs[call];
    report.kernelMs += layer.ms;
  }
  report.measured = std::move(*times);
  return llvm::Error::success();
}
