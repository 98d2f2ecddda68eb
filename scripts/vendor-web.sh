#!/usr/bin/env bash
# Fetches, once, the browser-side parts the portal serves itself so that it works offline and
# sends nothing anywhere: mermaid.js (diagrams), Pyodide (Python in the browser, which runs the
# validator's own code on the fill pages), hash-wasm (streamed SHA-256 of attachments), fflate
# (the 材料包 zip), iframe-worker (the theme's search when the portal is opened from disk, file://)
# from the npm registry, and the pure-Python wheels of
# generator/fill/runtime-requirements.txt from PyPI. Versions are pinned here; npm checks each
# package's registry integrity hash and pip the hashes in the requirements file.
set -euo pipefail
cd "$(dirname "$0")/.."
MERMAID=11.12.0
PYODIDE=314.0.7
HASHWASM=4.13.0
FFLATE=0.8.3
IFRAMEWORKER=1.0.4
PYTHON=${PYTHON:-python3}
OUT=build/vendor
STAMP="$OUT/.vendored-$MERMAID-$PYODIDE-$HASHWASM-$FFLATE-$IFRAMEWORKER-$(sha256sum generator/fill/runtime-requirements.txt | cut -c1-12)"
# The tests also run ajv-cli (with ajv-formats) on the published schemas, as people run it:
# installed with npm ci from scripts/node/package-lock.json, which pins every package.
if ! cmp -s scripts/node/package-lock.json build/node/package-lock.json; then
  rm -rf build/node && mkdir -p build/node
  cp scripts/node/package.json scripts/node/package-lock.json build/node/
  (cd build/node && npm ci --silent --ignore-scripts --no-audit --no-fund)
fi
[ -f "$STAMP" ] && exit 0
rm -rf "$OUT" && mkdir -p "$OUT/tmp"
(cd "$OUT/tmp" && npm pack --silent "mermaid@$MERMAID" "pyodide@$PYODIDE" "hash-wasm@$HASHWASM" "fflate@$FFLATE" \
  "iframe-worker@$IFRAMEWORKER" >/dev/null)
unpack() { rm -rf "$OUT/tmp/package" && tar -xzf "$OUT/tmp/$1" -C "$OUT/tmp"; }
unpack "mermaid-$MERMAID.tgz"
mv "$OUT/tmp/package/dist/mermaid.min.js" "$OUT/mermaid.min.js"
unpack "pyodide-$PYODIDE.tgz"
mkdir -p "$OUT/pyodide"
for f in pyodide.js pyodide.mjs pyodide.asm.mjs pyodide.asm.wasm python_stdlib.zip pyodide-lock.json LICENSE; do
  [ -f "$OUT/tmp/package/$f" ] && mv "$OUT/tmp/package/$f" "$OUT/pyodide/$f"
done
unpack "hash-wasm-$HASHWASM.tgz"
mv "$OUT/tmp/package/dist/sha256.umd.min.js" "$OUT/hash-wasm-sha256.umd.min.js"
unpack "fflate-$FFLATE.tgz"
mv "$OUT/tmp/package/umd/index.js" "$OUT/fflate.umd.js"
unpack "iframe-worker-$IFRAMEWORKER.tgz"
mv "$OUT/tmp/package/shim/index.js" "$OUT/iframe-worker-shim.js"
"$PYTHON" -m pip download -q --no-deps --require-hashes --only-binary=:all: --platform any \
  --implementation py --python-version 3.14 -d "$OUT/wheels" -r generator/fill/runtime-requirements.txt
rm -rf "$OUT/tmp"
touch "$STAMP"
