# Checks that the code block of README.md's "Streaming LLM tokens" section is
# the code between "// README sample begin" and "// README sample end" in
# tests/test_utf8.cpp, where it is compiled and tested.
#
#   cmake -DREADME=README.md -DSOURCE=tests/test_utf8.cpp -P tests/readme_sample.cmake
cmake_minimum_required(VERSION 3.14)
file(READ "${README}" readme)
file(READ "${SOURCE}" source)
string(FIND "${readme}" "## Streaming LLM tokens\n" at)
if(at LESS 0)
  message(FATAL_ERROR "README.md has no section \"Streaming LLM tokens\"")
endif()
string(SUBSTRING "${readme}" ${at} -1 readme)
string(FIND "${readme}" "```cpp\n" start)
string(SUBSTRING "${readme}" ${start} -1 readme)
string(LENGTH "```cpp\n" skip)
string(SUBSTRING "${readme}" ${skip} -1 readme)
string(FIND "${readme}" "```" end)
string(SUBSTRING "${readme}" 0 ${end} block)

string(FIND "${source}" "// README sample begin\n" begin)
string(FIND "${source}" "// README sample end\n" stop)
if(begin LESS 0 OR stop LESS begin)
  message(FATAL_ERROR "${SOURCE} has no README sample markers")
endif()
string(LENGTH "// README sample begin\n" skip)
math(EXPR begin "${begin} + ${skip}")
math(EXPR length "${stop} - ${begin}")
string(SUBSTRING "${source}" ${begin} ${length} code)

if(NOT block STREQUAL code)
  message(FATAL_ERROR "README.md \"Streaming LLM tokens\" differs from the sample in ${SOURCE}:\n--- README\n${block}--- test\n${code}")
endif()
message(STATUS "README sample matches ${SOURCE}")
