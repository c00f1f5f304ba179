# nncc's CMake package. After find_package(nncc):
#   nncc::nncc, nncc::nncc-opt, nncc::nncc-run   the installed tools (they run
#                                                on the build machine)
#   nncc_add_model(<target> MODEL <file.onnx> [NAME <c-name>]
#                  [TARGET <nncc --target>] [OPTIONS <nncc flags>...])
#       compiles the model into a static library <target> whose header
#       <NAME>.h is on its users' include path (see nnccAddModel.cmake).
include(CMakeFindDependencyMacro)
find_dependency(Threads)

include("${CMAKE_CURRENT_LIST_DIR}/nnccTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/nnccAddModel.cmake")
