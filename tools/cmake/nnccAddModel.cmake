# nncc_add_model(<target> MODEL <file.onnx> [NAME <c-name>]
#                [TARGET <nncc --target>] [OPTIONS <nncc flags>...])
#
# Compiles MODEL with the installed nncc into <NAME>.o and <NAME>.h (NAME
# defaults to <target>) in the current binary folder, and makes <target> a
# static library holding the object, with the header's folder on its users'
# include path and the system libraries the object needs (threads, dl, m).
# The object is rebuilt when the model or nncc changes.
#
# TARGET is nncc's --target. Without it a native build compiles for the host
# and a cross build (CMAKE_CROSSCOMPILING) for the toolchain's
# CMAKE_SYSTEM_PROCESSOR (aarch64 or x86_64, Linux). OPTIONS go to nncc as
# they are, e.g. OPTIONS --input-shape=1x3x160x160.
function(nncc_add_model target)
  cmake_parse_arguments(PARSE_ARGV 1 ARG "" "MODEL;NAME;TARGET" "OPTIONS")
  if(ARG_UNPARSED_ARGUMENTS)
    message(FATAL_ERROR
      "nncc_add_model(${target}): unknown arguments ${ARG_UNPARSED_ARGUMENTS}")
  endif()
  if(NOT ARG_MODEL)
    message(FATAL_ERROR "nncc_add_model(${target}): MODEL is required")
  endif()
  set(name ${target})
  if(ARG_NAME)
    set(name ${ARG_NAME})
  endif()
  get_filename_component(model "${ARG_MODEL}" ABSOLUTE
    BASE_DIR "${CMAKE_CURRENT_SOURCE_DIR}")

  set(nncc_target host)
  if(ARG_TARGET)
    set(nncc_target ${ARG_TARGET})
  elseif(CMAKE_CROSSCOMPILING)
    if(CMAKE_SYSTEM_PROCESSOR MATCHES "^(aarch64|arm64|ARM64)$")
      set(nncc_target aarch64-linux-gnu)
    elseif(CMAKE_SYSTEM_PROCESSOR MATCHES "^(x86_64|AMD64|amd64)$")
      set(nncc_target x86_64-linux-gnu)
    else()
      message(FATAL_ERROR "nncc_add_model(${target}): no nncc target for "
        "CMAKE_SYSTEM_PROCESSOR '${CMAKE_SYSTEM_PROCESSOR}': pass TARGET")
    endif()
  endif()

  set(dir "${CMAKE_CURRENT_BINARY_DIR}/nncc/${target}")
  set(object "${dir}/${name}.o")
  set(header "${dir}/${name}.h")
  add_custom_command(
    OUTPUT "${object}" "${header}"
    COMMAND "${CMAKE_COMMAND}" -E make_directory "${dir}"
    COMMAND nncc::nncc "${model}" -o "${object}" --name=${name}
            --target=${nncc_target} ${ARG_OPTIONS}
    DEPENDS "${model}" "$<TARGET_FILE:nncc::nncc>"
    COMMENT "nncc: compiling ${ARG_MODEL} for ${nncc_target} into ${name}.o"
    VERBATIM)

  add_library(${target} STATIC "${object}" "${header}")
  set_target_properties(${target} PROPERTIES LINKER_LANGUAGE C)
  target_include_directories(${target} INTERFACE "${dir}")
  target_link_libraries(${target} INTERFACE
    Threads::Threads ${CMAKE_DL_LIBS} m)
endfunction()
