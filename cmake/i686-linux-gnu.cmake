# Cross toolchain: 32-bit x86 (-march=i686: no SSE2, so the portable code), with Debian's
# g++-i686-linux-gnu; tests run under qemu-i386 (see cross-debian.cmake).
set(SSE_CROSS_TRIPLE i686-linux-gnu)
set(SSE_CROSS_PROCESSOR i686)
set(SSE_CROSS_QEMU qemu-i386)
include("${CMAKE_CURRENT_LIST_DIR}/cross-debian.cmake")
