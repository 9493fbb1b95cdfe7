#!/usr/bin/env bash
# FEN end to end: experiments/fen.yaml plans; a tiny FEN-vs-PPO sweep on the
# `share` game runs through the real runner and store, and its export has
# the fairness metrics (every job done, Jain in [0.5, 1] for two agents).
set -u
fail() { echo "fen_share.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$FAIRSWEEP" plan experiments/fen.yaml >"$tmp/plan" 2>&1 || fail "plan: $(cat "$tmp/plan")"
grep -q '^jobs: *60 = 6 conditions x 1 env x 10 seeds$' "$tmp/plan" || fail "job count: $(cat "$tmp/plan")"

cat >"$tmp/tiny.yaml" <<'YAML'
name: fen-tiny
seed: 1
seeds: 2
env: share
budget:
  env_steps: 2000
  eval_episodes: 2
conditions:
  - algo: fen
    hidden: 16
    ctrl_hidden: 16
    period: 10
  - algo: ppo
    hidden: 16
    period: 10
YAML
"$FAIRSWEEP" run "$tmp/tiny.yaml" -o "$tmp/s.h5" >"$tmp/run" 2>&1 || fail "run: $(cat "$tmp/run")"
"$FAIRSWEEP" export "$tmp/s.h5" --csv -o "$tmp/s.csv" || fail "export"
head -1 "$tmp/s.csv" | grep -q 'jain' || fail "no jain column: $(head -1 "$tmp/s.csv")"
head -1 "$tmp/s.csv" | grep -q 'env_handovers' || fail "no env metric column"
[ "$(grep -c ',done,' "$tmp/s.csv")" -eq 4 ] || fail "not 4 done jobs: $(cat "$tmp/s.csv")"
/usr/bin/python3 - "$tmp/s.csv" <<'PY' || fail "metric ranges"
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
for r in rows:
    j = float(r["jain"])
    assert 0.5 - 1e-12 <= j <= 1 + 1e-12, r
    assert 0 <= float(r["utility"]) <= 0.5 + 1e-12, r
PY
exit 0
