#!/usr/bin/env bash
# Short versions of the two healthcare reproductions (experiments/
# fairskill.yaml and experiments/fair-gne.yaml) through the runner: one
# seed, a few hundred env steps, tiny evaluations. Every condition must
# finish with the resus metrics and the QMIX curves in the store.
set -u
fail() { echo "healthcare_smoke.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for exp in fairskill fair-gne; do
    sed -e 's/^seeds:.*/seeds: 1/' -e 's/env_steps:.*/env_steps: 400/' \
        -e 's/eval_every:.*/eval_every: 200/' \
        -e 's/eval_episodes:.*/eval_episodes: 2/' \
        -e 's/^name:.*/name: smoke/' \
        "experiments/$exp.yaml" >"$tmp/$exp.yaml" || fail "no experiments/$exp.yaml"
    n=$("$FAIRSWEEP" plan "$tmp/$exp.yaml" | sed -n 's/^jobs: *\([0-9]*\).*/\1/p')
    [ -n "$n" ] || fail "$exp: plan gives no job count"
    "$FAIRSWEEP" run "$tmp/$exp.yaml" -o "$tmp/$exp.h5" >"$tmp/out" 2>"$tmp/err" ||
        fail "$exp: run failed: $(tail -3 "$tmp/err")"
    grep -q " $n done, 0 failed, 0 pending" "$tmp/out" "$tmp/err" ||
        fail "$exp: not $n done: $(tail -2 "$tmp/out")"
    if command -v h5dump >/dev/null; then
        for d in /metrics/success /metrics/jfi /metrics/gini /metrics/l2 \
                 /metrics/lambda /curves/success /curves/lambda; do
            h5dump -d "$d" -H "$tmp/$exp.h5" >/dev/null 2>&1 ||
                fail "$exp: $d missing from the store"
        done
    fi
done
exit 0
