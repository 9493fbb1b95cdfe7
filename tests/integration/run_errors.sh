#!/usr/bin/env bash
# Bad input: clear one-line errors, exit 2, and the store is left whole.
. "$(dirname "$0")/lib.bash"
cfg="$DATA/sweeps/ranks.yaml"
fs run "$cfg" -o "$T/s.h5" --quiet > /dev/null || fail "first run"
cp "$T/s.h5" "$T/before.h5"

printf 'name: x\nseed: 1\nseeds: 2\nconditions:\n  - algo: nosuch\n' > "$T/bad.yaml"
set +e
fs run "$T/bad.yaml" -o "$T/s.h5" 2> "$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "bad algo: exit $rc"
grep -q "bad.yaml:5:" "$T/err" || fail "no file:line in: $(cat "$T/err")"
cmp -s "$T/s.h5" "$T/before.h5" || fail "store touched by a bad config"

# Other shared settings: refused, naming what differs.
sed 's/env_steps: 1000/env_steps: 2000/' "$cfg" > "$T/changed.yaml"
set +e
fs run "$T/changed.yaml" -o "$T/s.h5" 2> "$T/err"; rc=$?
set -e
[ "$rc" != 0 ] || fail "changed settings accepted"
grep -q "env_steps" "$T/err" || fail "difference not named: $(cat "$T/err")"
cmp -s "$T/s.h5" "$T/before.h5" || fail "store touched by a refused resume"

# A foreign file as the store: a clear error, the file untouched.
echo "not hdf5" > "$T/foreign.h5"
set +e
fs run "$cfg" -o "$T/foreign.h5" 2> "$T/err"; rc=$?
set -e
[ "$rc" != 0 ] || fail "foreign store accepted"
grep -q "foreign.h5" "$T/err" || fail "path not named: $(cat "$T/err")"
[ "$(cat "$T/foreign.h5")" = "not hdf5" ] || fail "foreign file overwritten"

# Two runs on one store: the second is refused while the first holds it.
fs run "$DATA/sweeps/killme.yaml" -o "$T/busy.h5" --quiet > /dev/null 2>&1 &
first=$!
sleep 0.5
set +e
fs run "$DATA/sweeps/killme.yaml" -o "$T/busy.h5" --quiet 2> "$T/err"; rc=$?
set -e
kill -INT "$first"; wait "$first" || true
[ "$rc" != 0 ] || fail "a second run on a busy store was accepted"
grep -q "in use by another fairsweep run" "$T/err" || fail "busy: $(cat "$T/err")"

set +e
fs run 2> /dev/null; rc=$?
set -e
[ "$rc" = 2 ] || fail "missing args: exit $rc"
echo "ok: errors are clear and lose nothing"
