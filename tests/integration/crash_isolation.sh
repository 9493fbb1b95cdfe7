#!/usr/bin/env bash
# Jobs that segfault, return NaN, hang or run out of memory fail alone, with
# their reasons recorded; --retry-failed reruns exactly those.
. "$(dirname "$0")/lib.bash"
cfg="$DATA/sweeps/crashy.yaml"
mpi_run 2 run "$cfg" -o "$T/c.h5" --quiet > "$T/out" || fail "run: $(cat "$T/out")"
grep -q "30 jobs: 26 done, 4 failed, 0 pending" "$T/out" || fail "$(cat "$T/out")"
"$PY" - "$T/c.h5" <<'PYEOF' || fail "failure reasons"
import sys, h5py
j = h5py.File(sys.argv[1], "r")["jobs"][...]
failed = {r["key"].decode(): r["error"].decode() for r in j if r["status"] == 2}
assert len(failed) == 4, failed
want = {"fail=segv": "signal 11", "fail=nan": "non-finite", "fail=hang": "timeout",
        "fail=oom": "memory"}
for frag, reason in want.items():
    hits = [k for k in failed if frag in k]
    assert len(hits) == 1, (frag, failed)
    assert reason in failed[hits[0]], (frag, failed[hits[0]])
PYEOF
fs status "$T/c.h5" > "$T/status" || fail "status"
grep -q "signal 11" "$T/status" || fail "status lists no reasons: $(cat "$T/status")"
mpi_run 2 run "$cfg" -o "$T/c.h5" --quiet --retry-failed > "$T/retry" || fail "retry"
grep -q "(4 run now" "$T/retry" || fail "retry ran other jobs: $(cat "$T/retry")"
grep -q "26 done, 4 failed" "$T/retry" || fail "$(cat "$T/retry")"
echo "ok: 4 failures isolated, retried alone"
