#!/usr/bin/env bash
# SIGUSR1 (what Slurm sends before the wall-time limit; mpirun forwards it to
# every rank) and SIGTERM stop a sweep cleanly: exit code 3, a consistent
# store holding what finished, and a resume that completes it.
. "$(dirname "$0")/lib.bash"
cfg="$DATA/sweeps/killme.yaml"

# A signal is only meaningful once the run has installed its handlers; the
# first journaled result proves that (a loaded machine may take seconds).
wait_for_results() {
    local j="$1.journal" i
    for i in $(seq 600); do
        [ -s "$j" ] && return 0
        sleep 0.1
    done
    return 1
}

mpirun --bind-to none -np 2 "$FAIRSWEEP" run "$cfg" -o "$T/s.h5" --quiet --grace 5 \
    > "$T/out1" 2>&1 &
pid=$!
wait_for_results "$T/s.h5" || fail "no results journaled within 60 s"
kill -USR1 "$pid"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" = 3 ] || fail "SIGUSR1 under mpirun: exit $rc, want 3: $(cat "$T/out1")"
grep -q "interrupted" "$T/out1" || fail "no 'interrupted' note: $(cat "$T/out1")"
"$PY" - "$T/s.h5" <<'PYEOF' || fail "store after SIGUSR1"
import sys, h5py
j = h5py.File(sys.argv[1], "r")["jobs"][...]
done = (j["status"] == 1).sum(); failed = (j["status"] == 2).sum()
assert 0 < done < 160 and failed == 0, (done, failed)
PYEOF

# One rank without mpirun: SIGTERM to the process itself.
"$FAIRSWEEP" run "$cfg" -o "$T/s.h5" --quiet > "$T/out2" 2>&1 &
pid=$!
wait_for_results "$T/s.h5" || fail "no results journaled within 60 s"
kill -TERM "$pid"
set +e; wait "$pid"; rc=$?; set -e
[ "$rc" = 3 ] || [ "$rc" = 0 ] || fail "SIGTERM: exit $rc: $(cat "$T/out2")"

mpi_run 2 run "$cfg" -o "$T/s.h5" --quiet > "$T/out3" || fail "resume: $(cat "$T/out3")"
grep -q "160 jobs: 160 done, 0 failed, 0 pending" "$T/out3" || fail "$(cat "$T/out3")"
mpi_run 2 run "$cfg" -o "$T/ref.h5" --quiet > /dev/null
h5_same "$T/ref.h5" "$T/s.h5" || fail "stopped and resumed store differs"
echo "ok: signals stop cleanly (exit 3) and resume completes"
