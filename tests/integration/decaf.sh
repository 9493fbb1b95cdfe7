#!/usr/bin/env bash
# DECAF through the runner: a tiny sweep of the four DECA environments x
# {decaf-jo, decaf-so, decaf-fo} gives the same store on 1 and 2 ranks, with
# the beta_test metrics for SO and FO only; experiments/decaf.yaml plans.
. "$(dirname "$0")/lib.bash"
cat > "$T/decaf.yaml" <<'YEOF'
name: decaf-tiny
seed: 5
seeds: 1
envs: [matthew, job, plant, biaseddm]
env_params:
  max_steps: 30
budget:
  env_steps: 300
  eval_episodes: 2
limits:
  time: 120
conditions:
  - {algo: decaf-jo, beta: 0.5, learn_start: 60}
  - {algo: decaf-so, beta: 0.5, learn_start: 60}
  - {algo: decaf-fo, beta: 0.5, learn_start: 60}
YEOF
for n in 1 2; do
    mpi_run "$n" run "$T/decaf.yaml" -o "$T/d$n.h5" --quiet > "$T/out$n"
    grep -q "12 jobs: 12 done, 0 failed, 0 pending" "$T/out$n" || fail "np $n: $(cat "$T/out$n")"
done
h5_same "$T/d1.h5" "$T/d2.h5" || fail "1 rank vs 2 ranks differ"
"$PY" - "$T/d1.h5" <<'PYEOF' || fail "store contents"
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
algo = [a.decode() for a in f["jobs"]["algo"]]
m = f["metrics"]
for k in ("util", "fair", "var", "obj"):
    assert np.isfinite(m[k][...]).all(), k
for k in ("util_bt0", "fair_bt0.5", "obj_bt0.999"):
    v = m[k][...]
    for a, x in zip(algo, v):
        assert np.isfinite(x) == (a != "decaf-jo"), (k, a, x)
assert np.allclose(m["var"][...], -m["fair"][...])
assert f["curves/train_util"].shape[0] == 12
PYEOF
fs plan "$(dirname "$0")/../../experiments/decaf.yaml" > "$T/plan"
grep -q "jobs:       420 = 21 conditions x 4 envs x 5 seeds" "$T/plan" || fail "plan: $(head -3 "$T/plan")"
echo "ok: decaf sweep on 1 and 2 ranks identical, beta_test metrics for SO/FO"
