#!/usr/bin/env bash
# `fairsweep bandit`: one instance from CSV and PrefLib files (the paper's
# A.1 policies), error reporting, and a small bandit sweep on 2 ranks whose
# Table 1 comes out of the store.
. "$(dirname "$0")/lib.bash"
B=$DATA/bandit

fs bandit "$B/a1.csv" --policy all > "$T/all" || fail "bandit all: $(cat "$T/all")"
grep -q '^instance: 3 agents x 2 arms' "$T/all" || fail "header: $(cat "$T/all")"
grep -q '^pf   p = 0.666667 0.333333$' "$T/all" || fail "PF policy (A.1): $(cat "$T/all")"
grep -q '^ef   p = 0.500000 0.500000$' "$T/all" || fail "EF policy (A.1): $(cat "$T/all")"
grep -q '^uf   p = 1.000000 0.000000$' "$T/all" || fail "UF policy (A.1): $(cat "$T/all")"
grep -A1 '^ef ' "$T/all" | grep -q 'PF 0.833333' || fail "A.2 PF score 5/6: $(cat "$T/all")"

fs bandit "$B/a1.csv" --format json > "$T/json"
"$PY" - "$T/json" <<'PYEOF' || fail "json: $(cat "$T/json")"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["agents"] == 3 and d["arms"] == 2
[p] = d["policies"]
assert p["policy"] == "pf" and abs(p["p"][0] - 2/3) < 1e-9 and p["scores"]["pf"] == 1
PYEOF

# PrefLib: favourites arm 1 (5 voters), arm 2 (3), arm 4 (2).
fs bandit --preflib "$B/dots4.soc" > "$T/pl" || fail "preflib: $(cat "$T/pl")"
grep -q '^pf   p = 0.500000 0.300000 0.000000 0.200000$' "$T/pl" || fail "preflib PF: $(cat "$T/pl")"

set +e
fs bandit "$B/bad-range.csv" > /dev/null 2> "$T/err"; rc=$?
set -e
[ $rc -ne 0 ] && [ $rc -ne 2 ] || fail "bad CSV exit $rc"
grep -q 'bad-range.csv:2: field 2: mean 1.5 is not in (0,1)' "$T/err" || fail "CSV error: $(cat "$T/err")"
[ "$(wc -l < "$T/err")" -eq 1 ] || fail "CSV error is not one line"
set +e
fs bandit "$B/a1.csv" --policy best > /dev/null 2>&1; rc1=$?
fs bandit > /dev/null 2>&1; rc2=$?
set -e
[ $rc1 -eq 2 ] && [ $rc2 -eq 2 ] || fail "usage errors must exit 2 ($rc1, $rc2)"
fs bandit --help | grep -q 'fairsweep bandit means.csv --policy pf' || fail "--help example"

# The full reproduction plans to 7,776 settings.
fs plan experiments/procedural.yaml > "$T/plan"
grep -q '^jobs: *7776 = 432 conditions x 1 env x 18 env_params points x 1 seed$' "$T/plan" ||
    fail "procedural plan: $(head -3 "$T/plan")"

mpi_run 2 run "$DATA/sweeps/bandit-small.yaml" -o "$T/s.h5" --quiet > "$T/run"
grep -q '56 jobs: 56 done, 0 failed' "$T/run" || fail "sweep: $(cat "$T/run")"
fs bandit --table "$T/s.h5" > "$T/table" || fail "table: $(cat "$T/table")"
grep -q '^Optimal policies, 32 settings' "$T/table" || fail "table count: $(cat "$T/table")"
grep -q '^| bandit-uf | 8 |' "$T/table" || fail "learning table: $(cat "$T/table")"
grep -q '^| PF | 1.000 ± 0.000 |' "$T/table" || fail "PF row: $(cat "$T/table")"
[ "$(grep -c '^| \(PF\|EF\|UF\|NSW\|GGI\) |' "$T/table")" -eq 5 ] || fail "rows: $(cat "$T/table")"
fs bandit --table "$T/s.h5" --where prefs=mallows --format json > "$T/tj"
"$PY" - "$T/tj" "$T/s.h5" <<'PYEOF' || fail "table json / store curves"
import json, sys, h5py, numpy as np
d = json.load(open(sys.argv[1]))
assert d["settings"] == 16, d["settings"]
assert abs(d["policies"]["pf"]["pf"]["mean"] - 1) < 1e-9
assert d["learners"] == {}, d["learners"]  # learner jobs have no prefs parameter
f = h5py.File(sys.argv[2], "r")
reg = f["curves/regret"][...]
keys = [k.decode() for k in f["jobs"]["key"]]
rows = [i for i, k in enumerate(keys) if "algo=bandit-uf" in k]
assert len(rows) == 8 and np.isfinite(reg[rows, :10]).all()
assert (np.diff(reg[rows, :10], axis=1) >= -1e-12).all()
PYEOF
echo "ok: bandit CLI, PrefLib, errors, sweep and Table 1"
