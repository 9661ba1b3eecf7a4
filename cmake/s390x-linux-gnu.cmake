# Cross toolchain: IBM Z (s390x), 64-bit big-endian, with Debian's
# g++-s390x-linux-gnu; tests run under qemu-s390x (see cross-debian.cmake).
set(SSE_CROSS_TRIPLE s390x-linux-gnu)
set(SSE_CROSS_PROCESSOR s390x)
set(SSE_CROSS_QEMU qemu-s390x)
include("${CMAKE_CURRENT_LIST_DIR}/cross-debian.cmake")
