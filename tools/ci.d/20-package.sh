#!/usr/bin/env bash
# The ways users take the library, each checked from outside as a consumer:
# install + find_package (also after moving the prefix) + pkg-config, and
# FetchContent (from a local git repository, by tag) and add_subdirectory with
# doctest and {fmt} disabled: no tests, no warning flags, no download.
# packages: g++ cmake ninja-build git pkgconf doctest-dev
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
cd "$root"
work="${SSE_CI_BUILD:-$root/build/ci}/package"
rm -rf "$work"
mkdir -p "$work"
version=$(sed -n 's/^#define SSE_VERSION_\(MAJOR\|MINOR\|PATCH\) \([0-9]*\)$/\2/p' include/sse/config.hpp | paste -sd.)
echo "sse version $version"
no_deps=(-DCMAKE_DISABLE_FIND_PACKAGE_doctest=ON -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON)

consumer() {  # name, source dir, cmake arguments...
  local name=$1 src=$2
  shift 2
  echo "--- consumer: $name"
  cmake -S "$src" -B "$work/$name" -G Ninja "$@" >"$work/$name.log" 2>&1 || { cat "$work/$name.log"; return 1; }
  grep '^-- consumer:' "$work/$name.log"
  cmake --build "$work/$name" -j "${SSE_JOBS:-2}" >>"$work/$name.log" 2>&1 || { cat "$work/$name.log"; return 1; }
  "$work/$name/app"
}

# 1. Install (configured as a plain user would: no tests, no examples), then
#    find_package from the prefix and from a moved copy of it.
cmake -S . -B "$work/build" -G Ninja --no-warn-unused-cli -DSSE_BUILD_TESTS=OFF -DSSE_BUILD_EXAMPLES=OFF \
  -DCMAKE_INSTALL_PREFIX="$work/prefix" "${no_deps[@]}" >/dev/null
cmake --install "$work/build" >/dev/null
( cd "$work/prefix" && find . -type f | sort )
if grep -rl "$root\|$work" "$work/prefix"; then
  echo "the installed tree names a build or source path (not relocatable)" >&2
  exit 1
fi
test -z "$(find "$work/prefix" -name '*.pc' -exec grep -l '^Libs' {} +)"  # Cflags only

consumer find-package tests/consumers/find_package -DCMAKE_PREFIX_PATH="$work/prefix" -DSSE_EXPECTED_VERSION="$version"
mv "$work/prefix" "$work/moved-prefix"
consumer find-package-moved tests/consumers/find_package -DCMAKE_PREFIX_PATH="$work/moved-prefix" \
  -DSSE_EXPECTED_VERSION="$version"
grep -q "found sse $version in $work/moved-prefix/share/cmake/sse" "$work/find-package-moved.log"

echo "--- consumer: pkg-config (moved prefix)"
export PKG_CONFIG_PATH="$work/moved-prefix/share/pkgconfig"
pkg-config --modversion sse
test "$(pkg-config --modversion sse)" = "$version"
test -z "$(pkg-config --libs sse)"
# shellcheck disable=SC2046
g++ -std=c++17 $(pkg-config --cflags sse) tests/consumers/app/main.cpp -o "$work/pkg-config-app"
"$work/pkg-config-app"
unset PKG_CONFIG_PATH

# 2. FetchContent from a git repository holding this tree, by its tag.
repo="$work/sse.git"
mkdir -p "$repo"
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  git ls-files -z --cached --others --exclude-standard | while IFS= read -r -d '' f; do
    [ -e "$f" ] && cp --parents -P "$f" "$repo/"
  done
else
  tar --exclude=./build --exclude=./.git -cf - . | tar -xf - -C "$repo"
fi
git -C "$repo" init -q
git -C "$repo" add -A
git -C "$repo" -c user.name=ci -c user.email=ci@localhost -c commit.gpgsign=false commit -qm snapshot
git -C "$repo" tag "v$version"
consumer fetch-content tests/consumers/fetch_content -DSSE_GIT_URL="file://$repo" -DSSE_GIT_TAG="v$version" \
  -DFETCHCONTENT_QUIET=ON "${no_deps[@]}"

# 3. add_subdirectory of the same tree.
consumer add-subdirectory tests/consumers/add_subdirectory -DSSE_SOURCE_DIR="$repo" "${no_deps[@]}"
# 4. Our own build without {fmt}: the <sse/fmt.hpp> tests are skipped, cleanly.
cmake -S . -B "$work/no-fmt" -G Ninja -DCMAKE_DISABLE_FIND_PACKAGE_fmt=ON >"$work/no-fmt.log" 2>&1 ||
  { cat "$work/no-fmt.log"; exit 1; }
grep -q 'fmt.* not found: skipping' "$work/no-fmt.log"
if grep -q 'sse_fmt_tests' "$work/no-fmt/build.ninja"; then
  echo "fmt tests are built without {fmt}" >&2
  exit 1
fi
echo "--- without {fmt}: fmt tests skipped"
echo "package: all consumers ok"
