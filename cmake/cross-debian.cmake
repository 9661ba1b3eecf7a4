# Shared part of the Debian cross toolchain files (cmake/<triple>.cmake): the
# caller sets SSE_CROSS_TRIPLE, SSE_CROSS_PROCESSOR and SSE_CROSS_QEMU, then
# includes this. Needs Debian's g++-<triple> and qemu-user:
#
#   cmake -S . -B build-arm -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake
#   cmake --build build-arm --target sse_tests_cxx17 && ctest --test-dir build-arm
#
# ctest runs every test through qemu-user (CMAKE_CROSSCOMPILING_EMULATOR),
# with the target's ld.so and libraries from /usr/<triple>. Libraries and headers
# are searched only under /usr/<triple>; CMake packages also under the host's
# /usr, so that header-only ones such as Debian's doctest-dev are found
# (disable compiled ones, e.g. -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON: the host's
# libfmt is not built for the target).
set(CMAKE_SYSTEM_NAME Linux)
set(CMAKE_SYSTEM_PROCESSOR "${SSE_CROSS_PROCESSOR}")

set(CMAKE_C_COMPILER "${SSE_CROSS_TRIPLE}-gcc")
set(CMAKE_CXX_COMPILER "${SSE_CROSS_TRIPLE}-g++")

set(CMAKE_FIND_ROOT_PATH "/usr/${SSE_CROSS_TRIPLE}")
set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE BOTH)

# -E LD_LIBRARY_PATH: the target's ld.so also reads the host's /etc/ld.so.cache,
# which can name a host copy of the target's libc of another glibc build (i686:
# libc6-i386's /lib32/libc.so.6, pulled in by clang's libclang-rt); mixing it
# with the cross ld.so hangs the first pthread_create.
set(CMAKE_CROSSCOMPILING_EMULATOR
  "${SSE_CROSS_QEMU};-L;/usr/${SSE_CROSS_TRIPLE};-E;LD_LIBRARY_PATH=/usr/${SSE_CROSS_TRIPLE}/lib")
