#!/usr/bin/env bash
# A writer killed (SIGKILL) in the middle of writing a store leaves the last
# good store readable: stores are written to STORE.tmp and renamed into
# place. The writer is test_store_mpi (four stores of 600 jobs, one rank);
# kill times are spread over its measured run time, and at least one kill
# must land inside a write (a .tmp file left behind) for the test to count.
set -u
bin="$(dirname "$FAIRSWEEP")/tests/unit/test_store_mpi"
[ -x "$bin" ] || { echo "missing $bin (make test-bins)"; exit 1; }
dir=$(mktemp -d /tmp/fs_store_crash_XXXXXX)
trap 'rm -rf "$dir"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# one complete run first: DIR/parallel.h5 and DIR/serial.h5 exist
t0=$(now_ms)
"$bin" "$dir" >"$dir/log" 2>&1 || { cat "$dir/log"; fail "first run"; }
run_ms=$(( $(now_ms) - t0 ))

mid_write=0 kills=0
for round in 1 2 3; do
    for tenth in 3 4 5 6 7 8 9; do
        ms=$(( run_ms * tenth / 10 + round * 7 ))
        rm -f "$dir"/*.tmp
        "$bin" "$dir" >"$dir/log" 2>&1 &
        pid=$!
        sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
        kill -9 "$pid" 2>/dev/null && kills=$((kills + 1))
        wait "$pid" 2>/dev/null
        ls "$dir"/*.tmp >/dev/null 2>&1 && mid_write=$((mid_write + 1))
        for f in parallel serial; do
            out=$("$FAIRSWEEP" status "$dir/$f.h5" 2>&1) ||
                { printf '%s\n' "$out"; fail "$f.h5 unreadable after a kill at ${ms} ms"; }
            printf '%s\n' "$out" | grep -Eq '^total +492 +41 +67 +600$' ||
                fail "$f.h5 content after a kill at ${ms} ms"
        done
    done
    [ "$mid_write" -gt 0 ] && break
done
[ "$mid_write" -gt 0 ] || fail "no kill landed inside a write (run takes ${run_ms} ms)"
echo "store_crash: ok ($kills kills, $mid_write inside a write; stores stayed readable)"
