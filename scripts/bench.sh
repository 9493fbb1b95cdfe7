#!/usr/bin/env bash
# make bench: every benchmark, each side by side with its reference.
#   scripts/bench.sh BUILD_DIR
# Runs every bench/*.c binary, then every bench/*.sh script (given the
# fairsweep executable), from the repository root, with one BLAS thread.
set -euo pipefail
cd "$(dirname "$0")/.."
build=$1
export OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1
for b in "$build"/bench/*; do
    [ -x "$b" ] && [ -f "$b" ] || continue
    case "$b" in *.d|*.o) continue ;; esac
    echo "== $b"
    "$b"
done
for s in bench/*.sh; do
    [ -e "$s" ] || continue
    echo "== $s"
    bash "$s" "$build/fairsweep"
done
echo "== scripts/bench_procedural.sh"
scripts/bench_procedural.sh bin/fairsweep
