#!/usr/bin/env bash
# The top-level meson.build (issue 12), checked from outside: a Meson project
# (tests/consumers/meson) takes sse as a subproject (a copy of the tracked tree
# in its subprojects/sse), and again from a Meson-installed prefix through
# pkg-config (the prefix moved first: sse.pc is relocatable). Each build's
# print_wire must print exactly the reference wire of
# sse::Event::data("a\nb").id("1").event_type("t"). Offline, a few seconds.
# packages: g++ meson ninja-build pkgconf git
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="${SSE_CI_BUILD:-$root/build/ci}/meson"
rm -rf "$work"
mkdir -p "$work"
version=$(sed -n 's/^#define SSE_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' include/sse/config.hpp | paste -sd.)
expected="$work/expected.txt"
printf 'id: 1\nevent: t\ndata: a\ndata: b\n\n' >"$expected"

copy_tree() {  # destination: the tracked files of this tree (or all but build/ outside git)
  mkdir -p "$1"
  if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
      [ -e "$f" ] && cp --parents -P "$f" "$1/"
    done
  else
    tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$1"
  fi
}

consumer() {  # name, source dir, meson setup arguments...
  local name=$1 src=$2
  shift 2
  echo "--- meson consumer: $name"
  meson setup "$work/$name" "$src" "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; return 1; }
  grep 'consumer: sse' "$work/$name.log"
  grep -q "consumer: sse $version" "$work/$name.log"
  meson compile -C "$work/$name" -j "${SSE_JOBS:-2}" >>"$work/$name.log" 2>&1 || { cat "$work/$name.log"; return 1; }
  "$work/$name/print_wire" >"$work/$name.out"
  if ! cmp "$work/$name.out" "$expected"; then
    echo "print_wire ($name) printed:"; od -c "$work/$name.out"
    return 1
  fi
  echo "print_wire ($name): the reference wire, byte for byte"
}

# 1. As a subproject.
sub="$work/subproject-consumer"
cp -r tests/consumers/meson "$sub"
copy_tree "$sub/subprojects/sse"
consumer subproject "$sub" --force-fallback-for=sse
grep -q 'consumer: sse .*(internal)' "$work/subproject.log"

# 2. Installed by Meson (the library alone), moved, found through pkg-config.
meson setup "$work/lib" . --prefix="$work/prefix" >"$work/lib.log" 2>&1 || { cat "$work/lib.log"; exit 1; }
meson install -C "$work/lib" >>"$work/lib.log" 2>&1 || { cat "$work/lib.log"; exit 1; }
( cd "$work/prefix" && find . -type f | sort )
test -f "$work/prefix/share/pkgconfig/sse.pc"
if grep -q '^Libs' "$work/prefix/share/pkgconfig/sse.pc"; then echo "sse.pc has Libs (header-only)" >&2; exit 1; fi
mv "$work/prefix" "$work/moved-prefix"
PKG_CONFIG_PATH="$work/moved-prefix/share/pkgconfig" consumer pkg-config tests/consumers/meson --wrap-mode=nofallback
grep -q 'consumer: sse .*(pkgconfig)' "$work/pkg-config.log"
echo "meson: subproject and pkg-config consumers ok"
