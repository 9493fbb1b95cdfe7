#!/usr/bin/env bash
# The decisions of the batch script that `fairsweep slurm` writes, with
# fake srun, scontrol and sbatch on PATH (no Slurm, no root, seconds): what
# it does after each exit code of the sweep, after USR1 (wall time) and
# after TERM for each reason Slurm may end a job (requeue, time limit,
# cancel), and the continuation bound. tests/integration/slurm.sh runs the
# same script on a real Slurm.
. "$(dirname "$0")/lib.bash"

B="$T/bin"
mkdir -p "$B"
CALLS="$T/calls"
# The launcher: stops like fairsweep on USR1 (exit 3), else exits FAKE_RC
# after FAKE_SLEEP seconds.
cat > "$B/srun" << 'EOF'
#!/bin/bash
trap 'exit 3' USR1
sleep "${FAKE_SLEEP:-0}" &
wait
exit "${FAKE_RC:-0}"
EOF
cat > "$B/scontrol" << 'EOF'
#!/bin/bash
echo "scontrol $*" >> "$CALLS"
case $1 in
show) echo "JobId=$3 ${FAKE_SHOW:-JobState=RUNNING Reason=None Restarts=0}" ;;
requeue) exit "${FAKE_REQUEUE_RC:-0}" ;;
esac
EOF
cat > "$B/sbatch" << 'EOF'
#!/bin/bash
echo "sbatch $* job=${SLURM_JOB_ID:-unset} conf=${SLURM_CONF:-unset}" >> "$CALLS"
echo 77
EOF
chmod +x "$B"/*
export PATH="$B:$PATH" CALLS

"$FAIRSWEEP" slurm "$DATA/sweeps/killme.yaml" -o "$T/r.h5" --ntasks 2 --time 10 \
    --signal-lead 60 --max-continuations 3 --dry-run > "$T/job.sh" || fail "render"

# run_case NAME [SIGNAL]: run the script as Slurm would (as a file, with
# SLURM_* set); with SIGNAL, send it to the shell after 0.5 s.
run_case() {
    local name=$1 sig=${2:-}
    : > "$CALLS"
    SLURM_JOB_ID=5 SLURM_NTASKS=2 SLURM_CONF=/etc/x.conf bash "$T/job.sh" \
        > "$T/out" 2>&1 &
    local pid=$!
    if [ -n "$sig" ]; then sleep 0.5; kill -"$sig" "$pid"; fi
    set +e; wait "$pid"; rc=$?; set -e
    out=$(cat "$T/out"); calls=$(cat "$CALLS")
}
want() { # DESCRIPTION CONDITION...
    local what=$1; shift
    "$@" || fail "$what: rc=$rc
--- output:
$out
--- calls:
$calls"
}
has() { case $1 in *"$2"*) return 0 ;; esac; return 1; }

FAKE_RC=0 run_case complete
want "complete: exit 0" [ "$rc" = 0 ]
want "complete: says so" has "$out" "sweep complete"
want "complete: no Slurm calls" [ -z "$calls" ]

FAKE_RC=2 run_case refused
want "refused config: exit 2, no continuation" [ "$rc" = 2 ] && [ -z "$calls" ]

FAKE_RC=1 run_case broken
want "failure without a stop: exit 1, no continuation" [ "$rc" = 1 ] && [ -z "$calls" ]

FAKE_RC=3 run_case incomplete
want "incomplete: requeues itself" [ "$calls" = "scontrol requeue 5" ] && [ "$rc" = 0 ]

FAKE_RC=3 FAKE_REQUEUE_RC=1 run_case no-requeue
want "requeue refused: one dependent job" [ "$rc" = 0 ] &&
    has "$calls" "sbatch --parsable --dependency=afterany:5 " &&
    has "$calls" " 1 job=unset conf=/etc/x.conf"
want "requeue refused: logs the new job" has "$out" "submitted continuation 1 as job 77"

FAKE_SLEEP=5 FAKE_RC=0 run_case wall-time USR1
want "USR1: payload stopped, job requeued" [ "$calls" = "scontrol requeue 5" ] &&
    has "$out" "SIGUSR1: asking the sweep to stop"

FAKE_SLEEP=5 FAKE_SHOW="JobState=COMPLETING Reason=None Restarts=1" run_case requeued TERM
want "TERM while Slurm requeues: nothing more" [ "$rc" = 0 ] &&
    [ "$calls" = "scontrol show job -o 5" ] && has "$out" "Slurm requeued this job"

FAKE_SLEEP=5 FAKE_SHOW="JobState=COMPLETING Reason=TimeLimit Restarts=0" run_case limit TERM
want "TERM at the time limit: dependent job, no requeue" [ "$rc" = 0 ] &&
    has "$calls" "sbatch --parsable --dependency=afterany:5" && ! has "$calls" "requeue"

FAKE_SLEEP=5 FAKE_SHOW="JobState=PREEMPTED Reason=None Restarts=0" run_case preempt TERM
want "TERM by preemption (cancel mode): dependent job" [ "$rc" = 0 ] &&
    has "$calls" "sbatch --parsable --dependency=afterany:5"

FAKE_SLEEP=5 FAKE_SHOW="JobState=COMPLETING Reason=None Restarts=0" run_case scancel TERM
want "TERM by scancel: stop, no continuation" [ "$rc" = 3 ] &&
    ! has "$calls" "sbatch" && ! has "$calls" "requeue" && has "$out" "to resume"

FAKE_RC=3 SLURM_RESTART_COUNT=3 run_case bound
want "bound reached: gives up with exit 3" [ "$rc" = 3 ] && [ -z "$calls" ] &&
    has "$out" "giving up" && has "$out" "--max-continuations 3"

: > "$CALLS"
SLURM_JOB_ID=9 FAKE_RC=3 FAKE_REQUEUE_RC=1 bash "$T/job.sh" 2 > "$T/out" 2>&1 || true
want "a resubmitted continuation counts on" has "$(cat "$CALLS")" " 3 job=unset"
echo "ok: the batch script continues, stops and gives up as documented"
