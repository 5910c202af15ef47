#!/usr/bin/env bash
# Rebuilds the example components from their sources, in place:
#
#   hello/hello.wasm           C      clang --target=wasm32-wasi (Debian wasi-libc), then
#                                     `jco new --wasi-command` (jco's preview1 command adapter)
#   shapes/shapes.wasm         WAT    `jco parse`, the WIT world `library` embedded, `jco new`
#   drawing/drawing.wasm       WAT    the same with the world `drawing`
#   js-greeter/js-greeter.wasm JS     `jco componentize` (componentize-js); about 12 MB and a few
#                                     minutes, so it is not committed: this script makes it
#
#   examples/build.sh             everything
#   SKIP_JS=1 examples/build.sh   all but the JavaScript component
#   examples/build.sh js          the JavaScript component only (needs no C toolchain; CI runs this)
#
# Tools: clang, lld, wasi-libc and libclang-rt-14-dev-wasm32 from Debian (installed with apt-get
# when missing), Node.js >= 20 with npm, and jco 1.35.0, installed with npm into $JCO_DIR
# (default ~/.cache/wreg-examples/jco-1.35.0) when it is not there. The C and WAT builds are
# reproducible byte for byte; the JavaScript one is not.
set -euo pipefail
cd "$(dirname "$0")"

JCO_VERSION=1.35.0
PREVIEW2_SHIM_VERSION=0.26.1
JCO_DIR=${JCO_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/wreg-examples/jco-$JCO_VERSION}
SKIP_JS=${SKIP_JS:-0}
ONLY_JS=0
case "${1:-}" in
  '') ;;
  js) ONLY_JS=1 ;;
  *) echo "usage: $0 [js]" >&2; exit 2 ;;
esac

if [ "$ONLY_JS" = 0 ] && { ! command -v clang >/dev/null || ! command -v wasm-ld >/dev/null || [ ! -e /usr/lib/wasm32-wasi/libc.a ] \
  || ! compgen -G '/usr/lib/llvm-*/lib/clang/*/lib/wasi/libclang_rt.builtins-wasm32.a' >/dev/null; }; then
  echo "== apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32"
  sudo=; [ "$(id -u)" = 0 ] || sudo=sudo
  $sudo apt-get update -q
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q clang lld wasi-libc libclang-rt-14-dev-wasm32
fi
jco="$JCO_DIR/node_modules/.bin/jco"
# componentize-js imports jco's WASI shim without declaring it, and npm does not always hoist the
# shim to the top of the install: it is installed by name beside jco.
if [ "$("$jco" --version 2>/dev/null)" != "$JCO_VERSION" ] ||
  [ ! -d "$JCO_DIR/node_modules/@bytecodealliance/preview2-shim" ]; then
  echo "== npm install @bytecodealliance/jco@$JCO_VERSION into $JCO_DIR"
  mkdir -p "$JCO_DIR"
  [ -f "$JCO_DIR/package.json" ] || echo '{"private": true}' > "$JCO_DIR/package.json"
  npm install --prefix "$JCO_DIR" --no-audit --no-fund "@bytecodealliance/jco@$JCO_VERSION" \
    "@bytecodealliance/preview2-shim@$PREVIEW2_SHIM_VERSION"
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# wat NAME WAT WIT WORLD: core module from WAT, WIT world embedded, made a component
wat() {
  echo "== $1 (WAT, world $4)"
  "$jco" parse "$2" -o "$tmp/$1.core.wasm"
  node tools/embed.mjs "$JCO_DIR" "$tmp/$1.core.wasm" "$3" "$4" "$tmp/$1.embedded.wasm"
  "$jco" new "$tmp/$1.embedded.wasm" -o "$1/$1.wasm"
}

if [ "$ONLY_JS" = 0 ]; then
  echo "== hello (C)"
  clang --target=wasm32-wasi -O2 -Wall -Werror -Wl,--strip-debug -o "$tmp/hello.core.wasm" hello/hello.c
  "$jco" new "$tmp/hello.core.wasm" --wasi-command -o hello/hello.wasm
  wat shapes shapes/shapes.wat shapes/shapes.wit library
  wat drawing drawing/drawing.wat shapes/shapes.wit drawing
fi

if [ "$SKIP_JS" = 1 ]; then
  echo "== js-greeter skipped (SKIP_JS=1)"
else
  echo "== js-greeter (JavaScript; takes a few minutes)"
  node tools/componentize.mjs "$JCO_DIR" js-greeter/js-greeter.js js-greeter/js-greeter.wit greeter \
    js-greeter/js-greeter.wasm
fi
ls -l ./*/*.wasm
