#!/usr/bin/env bash
# make bench: every benchmark, each side by side with its reference.
#   scripts/bench.sh BUILD_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
for b in "$build"/bench/*; do
    [ -x "$b" ] || continue
    echo "== $b"
    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 "$b"
done
echo "== scripts/bench_procedural.sh"
scripts/bench_procedural.sh bin/fairsweep
