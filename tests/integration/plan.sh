#!/usr/bin/env bash
# `fairsweep plan`: the example sweep plans; a bad config fails with exit 2
# and exactly one line on stderr naming file:line:col (nothing from libfyaml).
set -u
fail() { echo "plan.sh: $*" >&2; exit 1; }
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

"$FAIRSWEEP" plan experiments/synthetic.yaml --ranks 4 >"$tmp/out" 2>"$tmp/err" ||
    fail "plan of the example failed: $(cat "$tmp/err")"
grep -q '^jobs: *25 = 5 conditions x 1 env x 5 seeds$' "$tmp/out" || fail "job count: $(cat "$tmp/out")"
grep -q 'algo=synthetic noise=0.2 quality=0.8 work_us=2000 *5$' "$tmp/out" || fail "condition table"
[ "$(grep -c '^  [0-9a-f]\{16\}  env=none algo=synthetic' "$tmp/out")" -eq 3 ] || fail "example keys"
grep -q 'core-hours; wall time on 4 ranks' "$tmp/out" || fail "cost line"
[ -s "$tmp/err" ] && fail "unexpected stderr: $(cat "$tmp/err")"

"$FAIRSWEEP" plan tests/data/config/bad/syntax-unclosed-flow.yaml >"$tmp/out" 2>"$tmp/err"
[ $? -eq 2 ] || fail "a config error must exit 2"
[ "$(wc -l <"$tmp/err")" -eq 1 ] || fail "stderr is not one line: $(cat "$tmp/err")"
grep -q 'syntax-unclosed-flow.yaml:4:1: YAML syntax error' "$tmp/err" || fail "message: $(cat "$tmp/err")"

"$FAIRSWEEP" plan >/dev/null 2>&1
[ $? -eq 2 ] || fail "missing CONFIG must exit 2"
"$FAIRSWEEP" plan --help | grep -q 'fairsweep plan experiments/synthetic.yaml' || fail "--help example"
exit 0
