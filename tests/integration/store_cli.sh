#!/usr/bin/env bash
# `fairsweep status` and `fairsweep export --csv` on a real store plus a
# journal written independently here (Python: same record layout, zlib's
# CRC-32), including a torn tail and CSV fields that need quoting.
set -u
bin="$(dirname "$FAIRSWEEP")/tests/unit/test_store_mpi"
[ -x "$bin" ] || { echo "missing $bin (make test-bins)"; exit 1; }
/usr/bin/python3 -c 'import h5py' 2>/dev/null || { echo "no h5py"; exit 77; }
dir=$(mktemp -d /tmp/fs_store_cli_XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }

# a 600-job store written by one rank (singleton MPI, no mpirun)
"$bin" "$dir" >"$dir/log" 2>&1 || { cat "$dir/log"; fail "test_store_mpi"; }
store="$dir/parallel.h5"

out=$("$FAIRSWEEP" status "$store") || fail "status exit $?"
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -Eq '^total +492 +41 +67 +600$' || fail "status totals"
printf '%s\n' "$out" | grep -Eq '^env=matthew algo=fen alpha=0.25 +122 +11 +17 +150$' ||
    fail "status per-condition counts"
printf '%s\n' "$out" | grep -q 'failures (10 of 41)' || fail "failure list"
printf '%s\n' "$out" | grep -q 'env=matthew algo=fen alpha=0.25 seed=5: exit code 5' ||
    fail "first failure and reason"

# journal: pending job 4 done, failed job 5 done, pending 13 failed (quoted
# error), one job unknown to the store; then a torn record
/usr/bin/python3 - "$store" <<'PY' || fail "writing the journal"
import struct, sys, zlib
import h5py
jobs = h5py.File(sys.argv[1], "r")["jobs"][:]
def text(s):
    b = s.encode()
    return struct.pack("<Q", len(b)) + b
def result(job_id, status, attempts, error="", metrics=()):
    body = struct.pack("<QqqddqQ", job_id, status, attempts, 2.5, 1.9e9, 0,
                       len(metrics)) + text("here") + text(error)
    for name, value in metrics:
        body += text(name) + struct.pack("<d", value)
    return struct.pack("<QQ", 0x46535231, 16 + len(body)) + body
def record(payload):
    return struct.pack("<III", 0x314a5346, len(payload), zlib.crc32(payload)) + payload
with open(sys.argv[1] + ".journal", "wb") as f:
    f.write(record(result(int(jobs["id"][4]), 1, 1, metrics=[("jfi", 0.625)])))
    f.write(record(result(int(jobs["id"][5]), 1, 2, metrics=[("jfi", 0.75)])))
    f.write(record(result(int(jobs["id"][13]), 2, 1, error='bad "x", y')))
    f.write(record(result(12345, 1, 1)))
    f.write(record(result(int(jobs["id"][22]), 1, 1))[:30])   # torn
PY

out=$("$FAIRSWEEP" status "$store" --failures 2) || fail "status with journal"
printf '%s\n' "$out"
printf '%s\n' "$out" | grep -Eq '^total +494 +41 +65 +600$' || fail "journal not counted"
printf '%s\n' "$out" | grep -q '^journal  4 records' || fail "journal line"
printf '%s\n' "$out" | grep -q 'torn or damaged record ignored' || fail "torn tail note"
printf '%s\n' "$out" | grep -q '1 journal result for jobs not in the store' ||
    fail "orphan line"
printf '%s\n' "$out" | grep -q 'failures (2 of 41)' || fail "--failures"

"$FAIRSWEEP" export "$store" --csv -o "$dir/out.csv" 2>"$dir/err" || fail "export exit $?"
grep -q '1 journal result for jobs not in the store' "$dir/err" || fail "export orphan note"
/usr/bin/python3 - "$dir/out.csv" <<'PY' || fail "CSV content"
import csv, math, sys
rows = list(csv.reader(open(sys.argv[1], newline="")))
head, body = rows[0], rows[1:]
assert head == ["key", "env", "algo", "params", "seed", "status", "attempts",
                "wall_s", "error", "jfi", "reward", "zz_rare"], head
assert len(body) == 600, len(body)
r = dict(zip(head, body[0]))
assert r["key"] == "env=matthew algo=qmix alpha=0 seed=0" and r["status"] == "done"
assert r["jfi"] == "1" and r["reward"] == "" and r["wall_s"] == "0"
r = dict(zip(head, body[1]))
assert float(r["reward"]) == math.sin(1) and r["reward"] == "0.8414709848078965"
r = dict(zip(head, body[4]))        # from the journal
assert r["status"] == "done" and r["jfi"] == "0.625" and r["wall_s"] == "2.5", r
r = dict(zip(head, body[5]))        # failed in the store, done in the journal
assert r["status"] == "done" and r["attempts"] == "3" and r["error"] == "", r
r = dict(zip(head, body[13]))       # quoted error survives
assert r["status"] == "failed" and r["error"] == 'bad "x", y', r
r = dict(zip(head, body[22]))       # the torn record was not applied
assert r["status"] == "pending" and r["attempts"] == "0" and r["wall_s"] == "", r
print("csv: ok")
PY
grep -q '"bad ""x"", y"' "$dir/out.csv" || fail "RFC 4180 quoting"

# usage and errors
"$FAIRSWEEP" status --help | grep -q 'Example' || fail "status --help"
"$FAIRSWEEP" export --help | grep -q 'Example' || fail "export --help"
"$FAIRSWEEP" status >/dev/null 2>&1; [ $? -eq 2 ] || fail "status without STORE must exit 2"
"$FAIRSWEEP" export "$store" >/dev/null 2>&1; [ $? -eq 2 ] || fail "export without --csv must exit 2"
"$FAIRSWEEP" status "$dir/none.h5" 2>"$dir/err"; [ $? -eq 1 ] || fail "missing store must exit 1"
printf 'not,hdf5\n' >"$dir/foreign.h5"
"$FAIRSWEEP" status "$dir/foreign.h5" 2>"$dir/err"; [ $? -eq 1 ] || fail "foreign file exit"
grep -q 'foreign.h5: not an HDF5 file' "$dir/err" || fail "foreign file message"
echo "store_cli: ok"
