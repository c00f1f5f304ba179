//===- MeasuredTimes.cpp - measured kernel times in the model report ----===//
//
// A profiling build times each kernel call; the report's compiled layers know
// which calls are theirs, so a layer's time is the sum of its calls' times.
// The times arrive as a small JSON file, one entry per run, so the program
// that measured them (nncc-run --profile) needs neither the compiler nor the
// report's code. Each call's time and the run time are medians over the
// runs: on a shared machine one preempted run would skew a mean. Medians
// taken separately need not add up, so the kernels' share of a run is the
// median of each run's share.
//
//===----------------------------------------------------------------------===//

#include "nncc/Analysis/Report.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/Support/MemoryBuffer.h"

using namespace nncc;
namespace json = llvm::json;

/// The median of `values` (not empty).
static double median(std::vector<double> values) {
  llvm::sort(values);
  size_t n = values.size();
  return n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

/// The medians of the runs in `text`, or an error naming what is wrong.
static llvm::Expected<MeasuredTimes> parseMeasuredTimes(llvm::StringRef text) {
  llvm::Expected<json::Value> parsed = json::parse(text);
  if (!parsed)
    return parsed.takeError();
  auto malformed = [](llvm::StringRef what) {
    return llvm::createStringError(llvm::inconvertibleErrorCode(), what);
  };
  const json::Object *root = parsed->getAsObject();
  llvm::Optional<int64_t> warmup =
      root ? root->getInteger("warmup_runs") : llvm::None;
  const json::Array *runs = root ? root->getArray("runs") : nullptr;
  if (!warmup || *warmup < 0 || !runs || runs->empty())
    return malformed("expected {\"warmup_runs\": W >= 0, \"runs\": [{"
                     "\"total_ms\": ms, \"calls_ms\": [ms per call]}, ...]}");
  std::vector<double> totals, shares;
  std::vector<std::vector<double>> calls; // calls[call][run]
  for (const json::Value &value : *runs) {
    const json::Object *run = value.getAsObject();
    llvm::Optional<double> total =
        run ? run->getNumber("total_ms") : llvm::None;
    const json::Array *times = run ? run->getArray("calls_ms") : nullptr;
    if (!total || *total < 0 || !times)
      return malformed("a run lacks \"total_ms\" or \"calls_ms\"");
    if (!totals.empty() && times->size() != calls.size())
      return malformed("runs time different numbers of kernel calls");
    calls.resize(times->size());
    totals.push_back(*total);
    double kernels = 0;
    for (auto it : llvm::enumerate(*times)) {
      llvm::Optional<double> ms = it.value().getAsNumber();
      if (!ms || *ms < 0)
        return malformed("\"calls_ms\" holds a value that is not a time");
      calls[it.index()].push_back(*ms);
      kernels += *ms;
    }
    shares.push_back(*total > 0 ? kernels / *total : 1);
  }
  MeasuredTimes times;
  times.runs = totals.size();
  times.warmupRuns = *warmup;
  times.totalMs = median(totals);
  times.kernelShare = median(shares);
  for (const std::vector<double> &call : calls)
    times.callMs.push_back(median(call));
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
