# Cross toolchain: 64-bit ARM (ARMv8-A), little-endian, with Debian's
# g++-aarch64-linux-gnu; tests run under qemu-aarch64 (see cross-debian.cmake).
set(SSE_CROSS_TRIPLE aarch64-linux-gnu)
set(SSE_CROSS_PROCESSOR aarch64)
set(SSE_CROSS_QEMU qemu-aarch64)
include("${CMAKE_CURRENT_LIST_DIR}/cross-debian.cmake")
