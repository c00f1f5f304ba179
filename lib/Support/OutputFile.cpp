//===- OutputFile.cpp - all-or-nothing output files --------------------===//

#include "nncc/Support/OutputFile.h"
#include "nncc/Support/Diagnostics.h"

#include "llvm/Support/Path.h"

using namespace llvm;

nncc::OutputFile::OutputFile(std::string path, sys::fs::TempFile temp)
    : finalPath(std::move(path)), temp(std::move(temp)) {
  stream = std::make_unique<raw_fd_ostream>(this->temp->FD,
                                            /*shouldClose=*/false);
}

std::unique_ptr<nncc::OutputFile> nncc::OutputFile::create(StringRef path) {
  SmallString<128> model(sys::path::parent_path(path));
  sys::path::append(model, ".nncc-%%%%%%%%.tmp");
  Expected<sys::fs::TempFile> temp = sys::fs::TempFile::create(model);
  if (!temp) {
    reportError(path + ": cannot write output: " +
                toString(temp.takeError()));
    return nullptr;
  }
  return std::unique_ptr<OutputFile>(
      new OutputFile(path.str(), std::move(*temp)));
}

nncc::OutputFile::~OutputFile() {
  stream.reset();
  if (temp)
    consumeError(temp->discard());
}

bool nncc::OutputFile::commit() {
  stream->flush();
  if (stream->has_error()) {
    reportError(finalPath + ": cannot write output: " +
                stream->error().message());
    stream->clear_error();
    return false;
  }
  stream.reset();
  Error err = temp->keep(finalPath);
  temp.reset();
  if (err) {
    reportError(finalPath + ": cannot write output: " +
                toString(std::move(err)));
    return false;
  }
  return true;
}
