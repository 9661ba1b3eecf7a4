# Writes single_include/sse/sse.hpp: include/sse/sse.hpp with every header it
# reaches through `#include "..."` inlined once, at its first include (so in
# dependency order); standard `#include <...>` lines stay as they are. Headers
# the umbrella does not reach (sse/fmt.hpp, sse/asio.hpp) are left out. The output has no
# timestamp and no path outside include/, so it only changes when a header does.
#
#   cmake -P tools/amalgamate.cmake                          # regenerate in place
#   cmake -DOUTPUT=/tmp/sse.hpp -P tools/amalgamate.cmake    # write elsewhere (CI diffs it)
#
# Library headers must include each other with quotes ("event.hpp"), and not
# inside #if blocks (a header is inlined once, where it is first included).
# Needs nothing but CMake (3.14 or newer).
cmake_minimum_required(VERSION 3.14)

get_filename_component(sse_root "${CMAKE_CURRENT_LIST_DIR}/.." ABSOLUTE)
set(sse_include "${sse_root}/include")
if(NOT DEFINED OUTPUT)
  set(OUTPUT "${sse_root}/single_include/sse/sse.hpp")
endif()
set_property(GLOBAL PROPERTY sse_amalgamated "")

# Sets `result` to the text of include/<rel> with its quoted includes inlined.
function(sse_amalgamate rel result)
  set_property(GLOBAL APPEND PROPERTY sse_amalgamated "${rel}")
  file(READ "${sse_include}/${rel}" rest)
  string(REPLACE "\r\n" "\n" rest "${rest}")
  get_filename_component(dir "${rel}" DIRECTORY)
  set(rest "\n${rest}")  # every include line now starts after a "\n"
  set(out "")
  while(TRUE)
    string(REGEX MATCH "\n[ \t]*#[ \t]*include[ \t]*\"([^\"\n]+)\"[^\n]*" line "${rest}")
    if(line STREQUAL "")
      break()
    endif()
    set(target "${CMAKE_MATCH_1}")
    string(FIND "${rest}" "${line}" at)
    string(SUBSTRING "${rest}" 0 ${at} before)
    string(LENGTH "${line}" line_length)
    math(EXPR after "${at} + ${line_length}")
    string(SUBSTRING "${rest}" ${after} -1 rest)
    string(APPEND out "${before}")

    # Resolve like the compiler: relative to the including header's directory.
    get_filename_component(target_abs "${sse_include}/${dir}/${target}" ABSOLUTE)
    file(RELATIVE_PATH target_rel "${sse_include}" "${target_abs}")
    if(NOT EXISTS "${target_abs}" OR target_rel MATCHES "^\\.\\./")
      message(FATAL_ERROR "amalgamate: include/${rel} includes \"${target}\", which is not under include/")
    endif()
    get_property(done GLOBAL PROPERTY sse_amalgamated)
    if(target_rel IN_LIST done)
      continue()  # already inlined above: drop the line
    endif()
    sse_amalgamate("${target_rel}" inlined)
    string(REGEX REPLACE "\n+$" "" inlined "${inlined}")
    string(APPEND out "\n// ---- begin ${target_rel} ----\n${inlined}\n// ---- end ${target_rel} ----")
  endwhile()
  string(APPEND out "${rest}")
  string(SUBSTRING "${out}" 1 -1 out)  # the "\n" added above
  set(${result} "${out}" PARENT_SCOPE)
endfunction()

file(STRINGS "${sse_include}/sse/config.hpp" version_lines REGEX "^#define SSE_VERSION_(MAJOR|MINOR|PATCH) [0-9]+$")
foreach(part MAJOR MINOR PATCH)
  string(REGEX REPLACE ".*#define SSE_VERSION_${part} ([0-9]+).*" "\\1" version_${part} "${version_lines}")
endforeach()

file(READ "${sse_root}/LICENSE" license)
string(REGEX REPLACE "\n+$" "" license "${license}")
string(REPLACE "\n" "\n// " license "// ${license}")
string(REGEX REPLACE " +\n" "\n" license "${license}")

sse_amalgamate("sse/sse.hpp" body)
string(REGEX REPLACE "\n+$" "" body "${body}")
if(body MATCHES "\n[ \t]*#[ \t]*include[ \t]*<sse/")
  message(FATAL_ERROR "amalgamate: a header includes <sse/...>; include library headers with quotes "
                      "(\"event.hpp\") so that they are inlined")
endif()

file(WRITE "${OUTPUT}" "\
// sse ${version_MAJOR}.${version_MINOR}.${version_PATCH}: Server-Sent Events for C++17, as one header.
//
// GENERATED FILE, DO NOT EDIT: made by tools/amalgamate.cmake from the headers
// in include/sse/. Change those and run `cmake -P tools/amalgamate.cmake`.
// Copy this file alone into your project and `#include \"sse.hpp\"`. The
// optional integrations, {fmt} (sse/fmt.hpp) and the Asio session
// (sse/asio.hpp), are not in it: copy those headers next to this one to use them.
//
${license}

// ---- begin sse/sse.hpp ----
${body}
// ---- end sse/sse.hpp ----
")
