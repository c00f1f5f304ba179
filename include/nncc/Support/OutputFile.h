//===- OutputFile.h - all-or-nothing output files ---------------*- C++ -*-===//
//
// nncc never leaves a partial output behind: each output is written to a
// temporary file in its destination folder and renamed into place only when
// every output of the run succeeded.
//
//===----------------------------------------------------------------------===//

#ifndef NNCC_SUPPORT_OUTPUTFILE_H
#define NNCC_SUPPORT_OUTPUTFILE_H

#include "llvm/ADT/StringRef.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/raw_ostream.h"

#include <memory>
#include <optional>
#include <string>

namespace nncc {

/// An output file written through a temporary. Destroying it without
/// `commit()` deletes the temporary.
class OutputFile {
public:
  /// Creates the temporary next to `path`; on failure prints an nncc error
  /// naming `path` and returns null.
  static std::unique_ptr<OutputFile> create(llvm::StringRef path);
  ~OutputFile();

  llvm::raw_pwrite_stream &os() { return *stream; }
  const std::string &path() const { return finalPath; }
  /// The temporary's path, for writers that insist on a file name.
  llvm::StringRef tempPath() const { return temp->TmpName; }

  /// Renames the temporary to the final path; prints an error on failure.
  bool commit();

private:
  OutputFile(std::string path, llvm::sys::fs::TempFile temp);
  std::string finalPath;
  std::optional<llvm::sys::fs::TempFile> temp;
  std::unique_ptr<llvm::raw_fd_ostream> stream;
};

} // namespace nncc

#endif // NNCC_SUPPORT_OUTPUTFILE_H
