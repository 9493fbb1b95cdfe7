#!/usr/bin/env bash
# SIGKILL the whole run (mpirun, ranks, job runners) at random moments,
# resume each time; the final store equals an uninterrupted run's, and no
# job is recorded twice.
. "$(dirname "$0")/lib.bash"
cfg="$DATA/sweeps/killme.yaml"
mpi_run 2 run "$cfg" -o "$T/ref.h5" --quiet > /dev/null || fail "reference run"

# A private copy of the binary, so that its job runners can be told apart
# from any other fairsweep on this machine.
exe="$T/fairsweep-killed"
cp "$FAIRSWEEP" "$exe"
RANDOM=12345
for round in 1 2 3 4 5; do
    setsid mpirun --bind-to none -np 2 "$exe" run "$cfg" -o "$T/k.h5" --quiet \
        > /dev/null 2>&1 &
    pid=$!
    sleep "0.$(( (RANDOM % 9) + 1 ))"
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    sleep 0.1
    # What a kill leaves must always be readable.
    if [ -e "$T/k.h5" ]; then
        fs status "$T/k.h5" > "$T/status$round" || fail "status after kill $round"
    fi
done
sleep 0.2
pgrep -f "$exe __job-runner" > /dev/null && fail "job runners survived the kill"
mpi_run 2 run "$cfg" -o "$T/k.h5" --quiet > "$T/final" || fail "final resume"
grep -q "160 jobs: 160 done, 0 failed, 0 pending" "$T/final" || fail "$(cat "$T/final")"
h5_same "$T/ref.h5" "$T/k.h5" || fail "resumed store differs from the uninterrupted one"
"$PY" - "$T/k.h5" <<'PYEOF' || fail "duplicate jobs"
import sys, h5py
j = h5py.File(sys.argv[1], "r")["jobs"][...]
ids = list(j["id"])
assert len(ids) == len(set(ids)) == 160
PYEOF
echo "ok: 5 kills, resumed store identical"
