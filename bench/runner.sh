#!/usr/bin/env bash
# Runner benchmarks (issue 3):
#  (a) 20,000 one-microsecond synthetic jobs on 2 ranks: jobs/s, end to end
#      (mpirun start, config, dispatch, child processes, journal, HDF5 store);
#  (b) 8 equal ~2 s jobs on 1 and 2 ranks: the speedup.
#   bench/runner.sh FAIRSWEEP
set -euo pipefail
exe=$1
here=$(cd "$(dirname "$0")" && pwd)
t=$(mktemp -d); trap 'rm -rf "$t"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
now() { date +%s.%N; }
span() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.3f", b - a}'; }

a=$(now)
mpirun --bind-to none -np 2 "$exe" run "$here/sweeps/tiny.yaml" -o "$t/tiny.h5" --quiet > "$t/out"
b=$(now)
grep -q "20000 done" "$t/out" || { cat "$t/out"; exit 1; }
s=$(span "$a" "$b")
inner=$(sed -n 's/.*run now, \([0-9.]*\) s).*/\1/p' "$t/out")
echo "runner (a): 20000 tiny jobs on 2 ranks: $(awk -v s="$inner" 'BEGIN{printf "%.0f", 20000 / s}') jobs/s in fairsweep ($inner s: config, dispatch, child processes, journal, HDF5 store; target >= 20000); $(awk -v s="$s" 'BEGIN{printf "%.0f", 20000 / s}') jobs/s counting mpirun start-up too ($s s)"

a=$(now)
mpirun --bind-to none -np 1 "$exe" run "$here/sweeps/equal.yaml" -o "$t/e1.h5" --quiet > /dev/null
b=$(now)
mpirun --bind-to none -np 2 "$exe" run "$here/sweeps/equal.yaml" -o "$t/e2.h5" --quiet > /dev/null
c=$(now)
s1=$(span "$a" "$b"); s2=$(span "$b" "$c")
echo "runner (b): 8 equal jobs: 1 rank $s1 s, 2 ranks $s2 s, speedup $(awk -v x="$s1" -v y="$s2" 'BEGIN{printf "%.2f", x / y}') (target >= 1.9)"
