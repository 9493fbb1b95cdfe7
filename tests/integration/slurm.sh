#!/usr/bin/env bash
# A real single-node Slurm (munged, slurmctld, slurmd on localhost; config,
# key, state and logs in the test's temp dir; proctrack/linuxproc,
# task/none, select/cons_tres) runs `fairsweep slurm` scripts:
#
#  A. srun --mpi=pmix, 2 tasks, --time 1 (Slurm's smallest): the sweep needs
#     several allocations' working time, so it completes only through
#     wall-time signals and requeues; in the middle of one allocation the
#     test runs `scontrol requeue` as a preemption would. The store must equal
#     a local mpirun run bitwise, with every job recorded once.
#  B. mpirun inside the allocation, --no-requeue: the stop signal (delivered
#     with `scancel -b -s USR1`, what --signal=B:USR1 does) must lead to a
#     dependent continuation job that completes the sweep.
#
# Both stores live in a directory whose name holds a quote, spaces, `$()`
# and backticks: the script must carry them without running anything.
# Not root (cannot start the daemons): skipped (exit 77). Everything started
# here is stopped at the end, pass or fail.
. "$(dirname "$0")/lib.bash"

skip() { echo "SKIP: $*"; exit 77; }
[ "$(id -u)" = 0 ] || skip "starting munged, slurmctld and slurmd needs root"
for c in munged slurmctld slurmd sbatch scontrol squeue scancel srun; do
    command -v "$c" > /dev/null || skip "$c is missing (apt-get install slurm-wlm munge)"
done

S="$T/slurm"                       # daemons' files
W="$T/it's a \$(touch PWNED) \`touch PWNED\` dir"   # the user's files
mkdir -p "$S/munge" "$S/ctld" "$S/d" "$W"
chmod 700 "$S/munge"
export SLURM_CONF="$S/slurm.conf"
host=$(hostname -s)
port=$((20000 + $$ % 20000))

# ---- start and stop the cluster ----

# Processes of this test's cluster: their environment names our SLURM_CONF
# (the daemons, slurmstepd and job processes all inherit it).
our_pids() {
    local p
    for p in /proc/[0-9]*; do
        case ${p#/proc/} in "$$" | "$BASHPID") continue ;; esac
        { tr '\0' '\n' < "$p/environ"; } 2> /dev/null |
            grep -qxF "SLURM_CONF=$SLURM_CONF" && echo "${p#/proc/}"
    done
    return 0
}

stop_cluster() {
    set +e
    scancel --quiet --full --user=root > /dev/null 2>&1
    for f in "$S/d.pid" "$S/ctld.pid"; do
        [ -s "$f" ] && kill "$(cat "$f")" 2> /dev/null
    done
    sleep 1
    local left
    left=$(our_pids)
    [ -n "$left" ] && kill -KILL $left 2> /dev/null
    [ -s "$S/munge/pid" ] && kill "$(cat "$S/munge/pid")" 2> /dev/null
    sleep 0.5
    rm -rf "$T"
}
trap stop_cluster EXIT
trap 'exit 130' INT TERM   # so that EXIT runs stop_cluster

show_logs() {
    echo "---- slurmctld.log (tail)"; tail -n 30 "$S/ctld.log" 2> /dev/null
    echo "---- slurmd.log (tail)"; tail -n 30 "$S/d.log" 2> /dev/null
    for f in "$W"/*.log; do [ -e "$f" ] && { echo "---- $f"; cat "$f"; }; done
    return 0
}
die() { show_logs >&2; fail "$*"; }

dd if=/dev/urandom of="$S/munge/key" bs=1024 count=1 2> /dev/null
chmod 400 "$S/munge/key"
munged --force --socket="$S/munge/sock" --key-file="$S/munge/key" \
    --pid-file="$S/munge/pid" --log-file="$S/munge/log" --seed-file="$S/munge/seed" ||
    fail "munged did not start: $(tail -3 "$S/munge/log" 2> /dev/null)"

# Timers as low as Slurm allows: the scheduler looks every second, a
# requeued job may start again after 5 s (cred_expire), processes get 10 s
# between SIGTERM and SIGKILL.
cat > "$SLURM_CONF" << EOF
ClusterName=fstest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$S/munge/sock,cred_expire=5
StateSaveLocation=$S/ctld
SlurmdSpoolDir=$S/d
SlurmctldPidFile=$S/ctld.pid
SlurmdPidFile=$S/d.pid
SlurmctldLogFile=$S/ctld.log
SlurmdLogFile=$S/d.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SlurmdParameters=config_overrides
MpiDefault=none
ReturnToService=2
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=1,bf_interval=1
JobCompType=jobcomp/none
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MailProg=/bin/true
MessageTimeout=5
SlurmctldTimeout=5
SlurmdTimeout=5
KillWait=10
MinJobAge=600
InactiveLimit=0
NodeName=$host NodeAddr=127.0.0.1 CPUs=2 RealMemory=1000 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP OverSubscribe=YES
EOF
slurmctld -c || die "slurmctld did not start"
slurmd || die "slurmd did not start"
for _ in $(seq 60); do
    [ "$(sinfo -h -o %t 2> /dev/null)" = idle ] && break
    sleep 0.5
done
[ "$(sinfo -h -o %t 2> /dev/null)" = idle ] || die "node not idle: $(sinfo 2>&1)"

# ---- helpers ----

# job_field ID NAME: one field of `scontrol show job`.
job_field() {
    scontrol show job -o "$1" 2> /dev/null | tr ' ' '\n' | sed -n "s/^$2=//p"
}

# wait_done ID SECONDS: until the job (and any continuation) is COMPLETED.
wait_state() {
    local id=$1 want=$2 secs=$3 s
    for _ in $(seq $((secs * 2))); do
        s=$(job_field "$id" JobState)
        [ "$s" = "$want" ] && return 0
        case $s in FAILED | CANCELLED | TIMEOUT | NODE_FAIL | OUT_OF_MEMORY)
            die "job $id ended $s" ;;
        esac
        sleep 0.5
    done
    die "job $id not $want after $secs s (state $s)"
}

submitted_id() { sed -n 's/^submitted batch job \([0-9]*\)$/\1/p' "$1"; }

# store_check STORE N: N jobs, each key once, all done; prints slurm_job_ids.
store_check() {
    "$PY" - "$1" "$2" << 'PYEOF'
import sys, h5py, numpy as np
f = h5py.File(sys.argv[1], "r")
j = f["jobs"][...]
n = int(sys.argv[2])
assert len(j) == n, f"{len(j)} jobs recorded, want {n}"
assert len(np.unique(j["key"])) == n, "a job is recorded twice"
bad = [(k.decode(), e.decode()) for k, s, e in zip(j["key"], j["status"], j["error"]) if s != 1]
assert not bad, f"not all done: {bad}"
ids = f.attrs["slurm_job_ids"]
print(ids.decode() if isinstance(ids, bytes) else ids)
PYEOF
}

sweep_config() { # NAME SEEDS WORK_US
    cat << EOF
name: $1
seed: 99
seeds: $2
env: none
budget: {env_steps: 1000}
limits: {time: 30}
conditions:
  - algo: synthetic
    quality: [0.2, 0.7]
    work_us: $3
    points: 10
EOF
}

cd "$T" # the jobs' working directory: PWNED would land here

# ---- B: mpirun, no requeue -> dependent continuation ----

sweep_config slurm-dep 15 600000 > "$W/dep.yaml"   # 30 jobs, ~0.6 s each
fs slurm "$W/dep.yaml" -o "$W/dep.h5" --ntasks 2 --time 5 --launcher mpirun \
    --signal-lead 60 --grace 5 --sbatch-arg=--no-requeue --submit > "$T/subB" ||
    die "submit B: $(cat "$T/subB")"
b1=$(submitted_id "$T/subB")
[ -n "$b1" ] || die "no job id: $(cat "$T/subB")"
[ -s "$W/dep.h5.sbatch" ] || die "script not saved next to the store"
wait_state "$b1" RUNNING 30
for _ in $(seq 60); do   # until some jobs finished
    [ -s "$W/dep.h5.journal" ] && break
    sleep 0.25
done
scancel -b -s USR1 "$b1"
wait_state "$b1" COMPLETED 60
b2=$(sed -n 's/.*submitted continuation 1 as job \([0-9]*\).*/\1/p' "$W/dep.h5.slurm-$b1.log")
[ -n "$b2" ] || die "job $b1 did not submit a continuation"
wait_state "$b2" COMPLETED 90
grep -q "sweep complete" "$W/dep.h5.slurm-$b2.log" || die "continuation did not complete"
ids=$(store_check "$W/dep.h5" 30) || die "store B"
[ "$ids" = "$b1 $b2" ] || die "store B slurm_job_ids '$ids', want '$b1 $b2'"
mpi_run 2 run "$W/dep.yaml" -o "$T/dep-ref.h5" --quiet > /dev/null
h5_same "$T/dep-ref.h5" "$W/dep.h5" || die "store B differs from a local run"
echo "ok: B: stop signal without requeue -> continuation job $b2 completed the sweep"

# ---- A: srun, wall-time signals, requeues, one external requeue ----

# 100 jobs of ~0.9 s: ~45 s on 2 idle cores. With --time 1 and a 25 s
# lead, Slurm's 30 s timer signals each allocation 5..35 s after it starts.
sweep_config slurm-long 50 900000 > "$W/long.yaml"
mpi_run 2 run "$W/long.yaml" -o "$T/long-ref.h5" --quiet > "$T/ref.out" 2>&1 &
ref=$!
fs slurm "$W/long.yaml" -o "$W/long.h5" --ntasks 2 --time 1 --signal-lead 25 \
    --grace 5 --max-continuations 40 --submit > "$T/subA" || die "submit A: $(cat "$T/subA")"
a=$(submitted_id "$T/subA")
[ -n "$a" ] || die "no job id: $(cat "$T/subA")"

requeued=0
for _ in $(seq 1800); do   # a cap for loaded machines; ~2 min when idle
    state=$(job_field "$a" JobState)
    restarts=$(job_field "$a" Restarts)
    [ "$state" = COMPLETED ] && break
    case $state in FAILED | CANCELLED | TIMEOUT | NODE_FAIL) die "job $a ended $state" ;; esac
    # Once the sweep runs in its second allocation, requeue it from outside.
    if [ "$requeued" = 0 ] && [ "$state" = RUNNING ] && [ "${restarts:-0}" -ge 1 ]; then
        rt=$(job_field "$a" RunTime)
        if [ "${rt##*:}" -ge 6 ] 2> /dev/null; then
            scontrol requeue "$a" && requeued=1 && echo "requeued job $a from outside"
        fi
    fi
    sleep 0.5
done
[ "$(job_field "$a" JobState)" = COMPLETED ] || die "job $a did not complete"
[ "$requeued" = 1 ] || die "the sweep finished before the external requeue"
log="$W/long.h5.slurm-$a.log"
grep -q "SIGUSR1" "$log" || die "no wall-time signal reached the script"
grep -q "requeued: continuation" "$log" || die "the script never requeued itself"
grep -q "sweep complete" "$log" || die "no completion line"
restarts=$(job_field "$a" Restarts)
[ "$restarts" -ge 2 ] || die "restarts $restarts, want >= 2"
ids=$(store_check "$W/long.h5" 100) || die "store A"
[ "$ids" = "$a" ] || die "store A slurm_job_ids '$ids', want '$a'"
wait "$ref" || fail "reference run: $(cat "$T/ref.out")"
h5_same "$T/long-ref.h5" "$W/long.h5" || die "store A differs from a local run"

[ ! -e "$T/PWNED" ] && [ ! -e "$W/PWNED" ] && [ ! -e PWNED ] ||
    die "a quoted path ran a command"
echo "ok: A: $((restarts + 1)) allocations (wall-time signals, requeues, one" \
    "external requeue) completed the sweep; both stores equal local runs"
