#!/usr/bin/env bash
# Run the test suite and print one closing tally.
#
#   tests/run.sh [--unit-only] BUILD_DIR TEST_BIN...
#
# Unit tests are cmocka binaries; each test case counts once. Integration
# tests are tests/integration/*.sh, run with FAIRSWEEP=BUILD_DIR/fairsweep;
# each script counts once (exit 0 pass, 77 skip, anything else fail).
# Set ONLY=substring to run a subset. Exits non-zero on any failure.
set -u
unit_only=0
if [ "${1:-}" = "--unit-only" ]; then unit_only=1; shift; fi
build=$1; shift
only=${ONLY:-}

# ASan builds: suppress only the leaks Open MPI leaves in its own start-up
# and shut-down (see tests/lsan.supp); slow unwinding lets the suppressions
# see through Open MPI's frames. Other binaries ignore LSAN_OPTIONS.
if [ -f tests/lsan.supp ] && [ -z "${LSAN_OPTIONS:-}" ]; then
    export LSAN_OPTIONS="suppressions=$PWD/tests/lsan.supp:fast_unwind_on_malloc=0:print_suppressions=0"
fi

passed=0 failed=0 skipped=0
failures=()

for t in "$@"; do
    case "$t" in *"$only"*) ;; *) continue ;; esac
    echo "== $t"
    out=$("$t" 2>&1); rc=$?
    printf '%s\n' "$out"
    p=$(printf '%s\n' "$out" | sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    f=$(printf '%s\n' "$out" | sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' | tail -1)
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0}))
    if [ "$rc" -ne 0 ] && [ -z "$f" ]; then
        failed=$((failed + 1)); failures+=("$t (exit $rc)")
    elif [ -n "$f" ] && [ "$f" -gt 0 ]; then
        failures+=("$t")
    fi
done

if [ "$unit_only" -eq 0 ]; then
    export FAIRSWEEP="$PWD/$build/fairsweep"
    export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
    for s in tests/integration/*.sh; do
        [ -e "$s" ] || continue
        case "$s" in *"$only"*) ;; *) continue ;; esac
        echo "== $s"
        start=$(date +%s)
        bash "$s"; rc=$?
        secs=$(( $(date +%s) - start ))
        case $rc in
        0) passed=$((passed + 1)); echo "-- pass ($secs s)" ;;
        77) skipped=$((skipped + 1)); echo "-- skip" ;;
        *) failed=$((failed + 1)); failures+=("$s (exit $rc)"); echo "-- FAIL ($secs s)" ;;
        esac
    done
fi

echo
for f in "${failures[@]+"${failures[@]}"}"; do echo "FAILED: $f"; done
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
