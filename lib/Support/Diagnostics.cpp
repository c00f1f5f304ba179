//===- Diagnostics.cpp - nncc's one error format -----------------------===//
//
// Turns MLIR diagnostics into the single-line errors the README documents.
//
//===----------------------------------------------------------------------===//

#include "nncc/Support/Diagnostics.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/WithColor.h"
#include "llvm/Support/raw_ostream.h"

using namespace mlir;

Location nncc::onnxNodeLoc(MLIRContext *ctx, StringRef file, StringRef name,
                           StringRef opType) {
  Location parts[] = {NameLoc::get(StringAttr::get(ctx, name)),
                      fileLoc(ctx, file)};
  return FusedLoc::get(ctx, parts, StringAttr::get(ctx, opType));
}

Location nncc::fileLoc(MLIRContext *ctx, StringRef file) {
  return FileLineColLoc::get(ctx, file, 0, 0);
}

namespace {
/// What a location says about where an error is, gathered from its parts.
struct Where {
  std::string file, node, opType;
  unsigned line = 0, column = 0;

  void collect(Location loc) {
    if (auto fused = loc.dyn_cast<FusedLoc>()) {
      auto opAttr = fused.getMetadata().dyn_cast_or_null<StringAttr>();
      bool isNode = opAttr && node.empty();
      for (Location part : fused.getLocations()) {
        if (auto name = part.dyn_cast<NameLoc>(); name && isNode) {
          node = name.getName().str();
          opType = opAttr.getValue().str();
          isNode = false;
        }
        collect(part);
      }
    } else if (auto name = loc.dyn_cast<NameLoc>()) {
      collect(name.getChildLoc());
    } else if (auto callSite = loc.dyn_cast<CallSiteLoc>()) {
      collect(callSite.getCallee());
    } else if (auto flc = loc.dyn_cast<FileLineColLoc>()) {
      if (file.empty()) {
        file = flc.getFilename().str();
        line = flc.getLine();
        column = flc.getColumn();
      }
    }
  }
};
} // namespace

std::string nncc::describeLocation(Location loc) {
  Where where;
  where.collect(loc);
  std::string s = where.file;
  if (where.line)
    s += ":" + std::to_string(where.line) + ":" + std::to_string(where.column);
  if (!where.node.empty())
    s += ": node '" + where.node + "' (" + where.opType + ")";
  return s;
}

static StringRef severityName(DiagnosticSeverity severity) {
  switch (severity) {
  case DiagnosticSeverity::Error:
    return "error";
  case DiagnosticSeverity::Warning:
    return "warning";
  case DiagnosticSeverity::Note:
    return "note";
  case DiagnosticSeverity::Remark:
    return "remark";
  }
  return "error";
}

static void printDiagnostic(llvm::raw_ostream &os, Diagnostic &diag,
                            bool top) {
  os << (top ? "nncc: " : "") << severityName(diag.getSeverity()) << ": ";
  std::string where = nncc::describeLocation(diag.getLocation());
  if (!where.empty())
    os << where << ": ";
  os << diag.str() << "\n";
  for (Diagnostic &note : diag.getNotes())
    printDiagnostic(os, note, false);
}

nncc::DiagnosticPrinter::DiagnosticPrinter(MLIRContext &ctx) : ctx(ctx) {
  id = ctx.getDiagEngine().registerHandler([this](Diagnostic &diag) {
    if (diag.getSeverity() == DiagnosticSeverity::Error)
      ++errors;
    printDiagnostic(llvm::errs(), diag, true);
    return success();
  });
}

nncc::DiagnosticPrinter::~DiagnosticPrinter() {
  ctx.getDiagEngine().eraseHandler(id);
}

void nncc::reportError(const llvm::Twine &message) {
  llvm::errs() << "nncc: error: " << message << "\n";
}
