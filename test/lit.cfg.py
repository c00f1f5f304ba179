# lit configuration for nncc's regression tests.
import os

import lit.formats
from lit.llvm import llvm_config

config.name = "nncc"
config.test_format = lit.formats.ShTest(not llvm_config.use_lit_shell)
config.suffixes = [".mlir", ".test"]
config.excludes = ["Inputs", "CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.nncc_obj_root, "test")

llvm_config.with_system_environment(["HOME", "TMPDIR"])
llvm_config.use_default_substitutions()
llvm_config.with_environment("PATH", config.nncc_tools_dir, append_path=True)
llvm_config.with_environment("PATH", config.llvm_tools_dir, append_path=True)

# use_default_substitutions() already maps %python to the interpreter running
# lit (which may lack torch/onnx/numpy): ours must replace it, not follow it.
config.substitutions = [s for s in config.substitutions if s[0] != "%python"]
config.substitutions.append(("%python", config.python))
config.substitutions.append(("%models", os.path.join(config.nncc_src_root, "models")))
config.substitutions.append(("%nncc_src", config.nncc_src_root))
config.substitutions.append(("%nncc_build", config.nncc_obj_root))
config.substitutions.append(("%cc", config.c_compiler))
config.substitutions.append(("%cxx", config.cxx_compiler))

# AArch64 output runs under qemu-user, linked by the cross gcc.
import shutil
if shutil.which("aarch64-linux-gnu-gcc") and shutil.which("qemu-aarch64"):
    config.available_features.add("aarch64-cross")
