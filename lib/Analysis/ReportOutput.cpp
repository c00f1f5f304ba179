//===- ReportOutput.cpp - the model report as text and as JSON ----------===//
//
// Text for people (aligned columns, ONNX node names last since they are
// long) and JSON for tools; README.md documents the JSON schema, whose
// version is reportSchemaVersion.
//
//===----------------------------------------------------------------------===//

#include "nncc/Analysis/Report.h"

#include "llvm/Support/FormatVariadic.h"

using namespace nncc;
namespace json = llvm::json;

static std::string shapeText(const std::vector<int64_t> &shape) {
  std::string text;
  for (auto it : llvm::enumerate(shape))
    text += (it.index() ? "x" : "") + std::to_string(it.value());
  return text.empty() ? "-" : text;
}

static std::string nodesText(const std::vector<std::string> &nodes) {
  std::string text;
  for (auto it : llvm::enumerate(nodes))
    text += (it.index() ? ", " : "") + it.value();
  return text.empty() ? "-" : text;
}

static std::string msText(double ms) {
  return llvm::formatv("{0:f3}", ms).str();
}

/// Billions of MACs per second; "-" for layers without MACs or time.
static std::string gmacsText(int64_t macs, double ms) {
  if (macs == 0 || ms <= 0)
    return "-";
  return llvm::formatv("{0:f2}", macs / (ms * 1e6)).str();
}

/// The as-run view's time columns: empty without measured times.
static std::string timeColumns(const ModelReport &r, llvm::StringRef ms,
                               llvm::StringRef gmacs) {
  if (!r.measured)
    return "";
  return llvm::formatv(" {0,9} {1,8}", ms, gmacs).str();
}

void nncc::printReport(const ModelReport &r, llvm::raw_ostream &os) {
  os << r.file << ": as imported, " << r.imported.size() << " layers\n";
  os << llvm::formatv("{0,5}  {1,-16} {2,-12} {3,-16} {4,-16} {5,10} {6,12} "
                      "{7,12}  {8}\n",
                      "layer", "op", "kernel", "input", "output", "params",
                      "MACs", "mem.access", "ONNX nodes");
  for (auto it : llvm::enumerate(r.imported)) {
    const ImportedLayer &l = it.value();
    os << llvm::formatv("{0,5}  {1,-16} {2,-12} {3,-16} {4,-16} {5,10} {6,12} "
                        "{7,12}  {8}\n",
                        it.index(), l.op, l.kernel, shapeText(l.inputShape),
                        shapeText(l.outputShape), l.cost.params, l.cost.macs,
                        l.cost.memoryAccess, nodesText(l.nodes));
  }
  os << llvm::formatv("{0,5}  {1,-62} {2,10} {3,12} {4,12}\n", "total", "",
                      r.importedTotals.params, r.importedTotals.macs,
                      r.importedTotals.memoryAccess);
  os << "(mem.access: elements read and written, weights included; for 1x1 "
        "convolutions hw*(c1+c2) + c1*c2/g)\n\n";

  os << r.file << ": as it will run (target " << r.target << "), "
     << r.compiled.size() << " layers, " << r.kernelCalls
     << " kernel calls\n";
  os << llvm::formatv("{0,5}  {1,-16} {2,-12} {3,10} {4,12} {5,11} {6,11} "
                      "{7,6} {8,-8} {9,10} {10,10} {11,-9} {12,-4}",
                      "layer", "op", "kernel", "params", "MACs", "read B",
                      "written B", "calls", "place", "offset", "bytes", "life",
                      "copy")
     << timeColumns(r, "ms", "GMAC/s") << "  ONNX nodes\n";
  for (auto it : llvm::enumerate(r.compiled)) {
    const CompiledLayer &l = it.value();
    std::string offset = "-", bytes = "-", life = "-";
    if (l.placement == "arena") {
      offset = std::to_string(l.arenaOffset);
      bytes = std::to_string(l.arenaBytes);
      life = std::to_string(l.firstUse) + "-" + std::to_string(l.lastUse);
    }
    os << llvm::formatv("{0,5}  {1,-16} {2,-12} {3,10} {4,12} {5,11} {6,11} "
                        "{7,6} {8,-8} {9,10} {10,10} {11,-9} {12,-4}",
                        it.index(), l.op, l.kernel, l.params, l.macs,
                        l.bytesRead, l.bytesWritten, l.calls, l.placement,
                        offset, bytes, life, l.copy ? "yes" : "-")
       << (l.calls ? timeColumns(r, msText(l.ms), gmacsText(l.macs, l.ms))
                   : timeColumns(r, "-", "-"))
       << "  " << nodesText(l.nodes) << "\n";
  }
  os << llvm::formatv("{0,5}  {1,-29} {2,10} {3,12} {4,11} {5,11} {6,6}",
                      "total", "", r.compiledParams, r.compiledMacs,
                      r.bytesRead, r.bytesWritten, r.kernelCalls);
  // The total's time sits under the time columns, past the placement ones.
  if (r.measured)
    os << llvm::formatv(" {0,-8} {1,10} {2,10} {3,-9} {4,-4}", "", "", "", "",
                        "")
       << timeColumns(r, msText(r.kernelMs),
                      gmacsText(r.compiledMacs, r.kernelMs));
  os << "\n";
  os << "peak arena bytes: " << r.peakArenaBytes << "\n";
  os << "copy bytes: " << r.copyBytes
     << " (read and written by data-movement kernels)\n";
  if (const auto &m = r.measured)
    os << llvm::formatv("measured: {0} ms per run, {1:f1}% of it in kernel "
                        "calls, {2} GMAC/s overall (medians of {3} runs "
                        "after {4} warm-up runs)\n",
                        msText(m->totalMs), 100 * m->kernelShare,
                        gmacsText(r.compiledMacs, m->totalMs), m->runs,
                        m->warmupRuns);
  for (const GuidelineNote &note : r.notes)
    os << "note: " << note.guideline << ": " << note.message << "\n";
}

static json::Array shapeJSON(const std::vector<int64_t> &shape) {
  json::Array a;
  for (int64_t d : shape)
    a.push_back(d);
  return a;
}

static json::Array nodesJSON(const std::vector<std::string> &nodes) {
  json::Array a;
  for (const std::string &n : nodes)
    a.push_back(n);
  return a;
}

static json::Array callsJSON(const std::vector<unsigned> &calls) {
  json::Array a;
  for (unsigned c : calls)
    a.push_back(c);
  return a;
}

static json::Value gmacsJSON(int64_t macs, double ms) {
  if (macs == 0 || ms <= 0)
    return nullptr;
  return macs / (ms * 1e6);
}

json::Value nncc::reportToJSON(const ModelReport &r) {
  json::Array imported;
  for (const ImportedLayer &l : r.imported)
    imported.push_back(json::Object{
        {"nodes", nodesJSON(l.nodes)},
        {"op", l.op},
        {"kernel", l.kernel},
        {"input_shape", shapeJSON(l.inputShape)},
        {"output_shape", shapeJSON(l.outputShape)},
        {"params", l.cost.params},
        {"macs", l.cost.macs},
        {"memory_access", l.cost.memoryAccess},
        {"elementwise", l.elementwise},
    });
  json::Array compiled;
  for (const CompiledLayer &l : r.compiled) {
    json::Object layer{
        {"nodes", nodesJSON(l.nodes)},
        {"op", l.op},
        {"kernel", l.kernel},
        {"params", l.params},
        {"macs", l.macs},
        {"bytes_read", l.bytesRead},
        {"bytes_written", l.bytesWritten},
        {"kernel_calls", l.calls},
        {"call_indices", callsJSON(l.callIndices)},
        {"placement", l.placement},
        {"copy", l.copy},
        {"elementwise", l.elementwise},
    };
    if (r.measured) {
      layer["time_ms"] = l.ms;
      layer["gmacs_per_s"] = gmacsJSON(l.macs, l.ms);
    }
    if (l.placement == "arena")
      layer["arena"] = json::Object{{"offset", l.arenaOffset},
                                    {"bytes", l.arenaBytes},
                                    {"first_call", l.firstUse},
                                    {"last_call", l.lastUse}};
    else
      layer["arena"] = nullptr;
    compiled.push_back(std::move(layer));
  }
  json::Array notes;
  for (const GuidelineNote &n : r.notes) {
    json::Array layers;
    for (unsigned i : n.layers)
      layers.push_back(i);
    notes.push_back(json::Object{{"guideline", n.guideline},
                                 {"view", n.view},
                                 {"layers", std::move(layers)},
                                 {"message", n.message}});
  }
  json::Object document{
      {"schema_version", reportSchemaVersion},
      {"model", r.file},
      {"target", r.target},
      {"imported",
       json::Object{{"layers", std::move(imported)},
                    {"totals",
                     json::Object{
                         {"params", r.importedTotals.params},
                         {"macs", r.importedTotals.macs},
                         {"memory_access", r.importedTotals.memoryAccess},
                     }}}},
      {"compiled",
       json::Object{{"layers", std::move(compiled)},
                    {"totals",
                     json::Object{
                         {"params", r.compiledParams},
                         {"macs", r.compiledMacs},
                         {"bytes_read", r.bytesRead},
                         {"bytes_written", r.bytesWritten},
                         {"kernel_calls", r.kernelCalls},
                         {"peak_arena_bytes", r.peakArenaBytes},
                         {"copy_bytes", r.copyBytes},
                     }}}},
      {"notes", std::move(notes)},
  };
  if (const auto &m = r.measured)
    document["measured"] = json::Object{
        {"statistic", "median"},
        {"runs", m->runs},
        {"warmup_runs", m->warmupRuns},
        {"total_ms", m->totalMs},
        {"kernels_ms", r.kernelMs},
        {"kernel_share", m->kernelShare},
        {"gmacs_per_s", gmacsJSON(r.compiledMacs, m->totalMs)},
    };
  return std::move(document);
}
