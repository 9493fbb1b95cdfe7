#!/usr/bin/env bash
# `fairsweep assign`: the paper's Table 1 and functional test 2 matrices
# solved from CSV (text and JSON), CSV errors with file:line, usage errors,
# and a tiny `assign` sweep through the runner on 2 ranks.
source "$(dirname "$0")/lib.bash"

# Seed 004, Table 1a: EFUM at alpha 0.5 gives s2 (cost 120, worst-off 50,
# EFM 1, RAF 0.89, OROCF 1).
printf '# Table 1a\n50,60,70\n30,40,50\n10,50,30\n' >"$T/t1.csv"
fs assign "$T/t1.csv" --model efum --alpha 0.5 >"$T/out" 2>"$T/err" || fail "assign: $(cat "$T/err")"
grep -q '^total cost  *120 *$' "$T/out" || fail "total: $(cat "$T/out")"
grep -q '^worst-off cost  *50 *$' "$T/out" || fail "worst-off: $(cat "$T/out")"
grep -q '^RAF  *0.888889 ' "$T/out" || fail "RAF: $(cat "$T/out")"
grep -q '^ *2 -> 2  *30$' "$T/out" || fail "assignment: $(cat "$T/out")"

# Seed 004, Table 3, functional test 2, Nash row: Eff 0.93, EFM 1, RAF 0.91.
fs assign --matrix '450,895,358;856,233,449;890,672,976' --model nash --format json >"$T/json"
$PY - "$T/json" <<'PYEOF' || fail "json: $(cat "$T/json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["assignment"] == [0, 2, 1], d
assert abs(d["eff"] - 0.93) < 0.005 and d["efm"] == 1 and abs(d["raf"] - 0.91) < 0.005, d
assert d["total_cost"] == 450 + 449 + 672, d
PYEOF

# A rectangular matrix: 3 agents, 2 tasks, one agent gets the dummy task.
printf '5,1\n2,8\n9,9\n' >"$T/rect.csv"
fs assign "$T/rect.csv" --model lsap >"$T/out"
grep -q '^ *2 -> none' "$T/out" || fail "dummy task: $(cat "$T/out")"

# Errors: file:line, exit 1; usage errors exit 2.
printf '1,2\n3,x\n' >"$T/bad.csv"
set +e
fs assign "$T/bad.csv" --model lsap >/dev/null 2>"$T/err"; rc=$?
set -e
[ $rc -eq 1 ] || fail "bad CSV exit $rc"
grep -q "bad.csv:2: 'x' is not a finite number" "$T/err" || fail "message: $(cat "$T/err")"
for args in "--model lsap" "$T/t1.csv" "$T/t1.csv --model foo" "$T/t1.csv --model efum --alpha 2"; do
    set +e
    fs assign $args >/dev/null 2>&1; rc=$?
    set -e
    [ $rc -eq 2 ] || fail "usage error '$args' exited $rc"
done
fs assign --help | grep -q 'fairsweep assign t1.csv --model efum' || fail "--help example"

# The reproduction configs plan cleanly.
fs plan experiments/assignment.yaml | grep -q '^jobs: *700 = 7 conditions' || fail "plan assignment.yaml"
fs plan experiments/assignment-abs.yaml | grep -q '^jobs: *240 = 6 conditions' || fail "plan assignment-abs.yaml"

# A tiny sweep through the runner: same seeds, paired matrices.
cat >"$T/s.yaml" <<YEOF
name: assign-it
seed: 7
seeds: 2
env: assign
env_params:
  agents: [4, 6]
conditions:
  - algo: assign
    model: [nash, bottleneck]
  - algo: assign
    model: efum
    alpha: [0, 1]
YEOF
mpi_run 2 run "$T/s.yaml" -o "$T/s.h5" >"$T/out" 2>&1 || fail "sweep: $(cat "$T/out")"
$PY - "$T/s.h5" <<'PYEOF' || fail "store"
import h5py, sys, numpy as np
f = h5py.File(sys.argv[1], "r")
j = f["jobs"][:]
assert len(j) == 16 and (j["status"] == 1).all(), j["status"]
efm = f["metrics/efm"][:]
zmin = f["metrics/z_min"][:]
keys = [k.decode() for k in j["key"]]
bott = [i for i, k in enumerate(keys) if "model=bottleneck" in k]
assert all(abs(efm[i] - 1) < 1e-9 for i in bott), efm
for i, k in enumerate(keys):   # every model of (agents, seed) saw the same matrix
    tag = (k.split("agents=")[1].split()[0], k.split("seed=")[1])
    same = [zmin[m] for m, k2 in enumerate(keys)
            if (k2.split("agents=")[1].split()[0], k2.split("seed=")[1]) == tag]
    assert len(set(same)) == 1, (k, same)
PYEOF
exit 0
