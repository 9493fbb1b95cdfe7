#!/usr/bin/env bash
# tests/integration/stats_cli.sh - `fairsweep stats` end to end: values
# against SciPy/R references, JSON fields, stdin, and exit codes for bad
# input. Needs $FAIRSWEEP (the built executable).
set -u
: "${FAIRSWEEP:?set FAIRSWEEP to the fairsweep executable}"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
check() {   # check DESCRIPTION CONDITION-RESULT
    if [ "$2" -eq 0 ]; then echo "ok   $1"; else echo "FAIL $1"; fail=1; fi
}
# close GOT WANT RTOL: |got - want| <= rtol * |want| (+1e-15)
close() {
    awk -v g="$1" -v w="$2" -v r="$3" 'BEGIN {
        d = g - w; if (d < 0) d = -d; a = w; if (a < 0) a = -a;
        exit !(d <= r * a + 1e-15) }'
}
# field NAME JSON: the number after "NAME": in a one-line JSON object
field() {
    printf '%s\n' "$2" | sed -n "s/.*\"$1\": \\([^,}]*\\).*/\\1/p"
}

# SciPy mannwhitneyu docstring: males vs females, U1 = 17, exact p = 1/9.
printf '19\n22\n16\n29\n24\n' > "$tmp/males.txt"
printf '20\n11\n\n17\n12\n' > "$tmp/females.txt"   # blank line skipped
out=$("$FAIRSWEEP" stats mwu "$tmp/males.txt" "$tmp/females.txt" --format json)
check "mwu exits 0" $?
close "$(field statistic "$out")" 17 0; check "mwu U1 = 17" $?
close "$(field pvalue "$out")" 0.1111111111111111 1e-12; check "mwu exact p" $?
case $out in *'"method": "exact"'*) r=0 ;; *) r=1 ;; esac
check "mwu method exact" $r
for k in cohen_d hedges_g cliff_delta a12 mean_a mean_b; do
    [ -n "$(field $k "$out")" ]; check "json has $k" $?
done
close "$(field a12 "$out")" 0.85 1e-12; check "A12 = U1/(nx ny) = 17/20" $?
close "$(field mean_a "$out")" 22 0; check "mean_a" $?

out=$("$FAIRSWEEP" stats mwu "$tmp/males.txt" "$tmp/females.txt" \
      --method asymptotic --format=json)
close "$(field pvalue "$out")" 0.11134688653314041 1e-9; check "mwu asymptotic p" $?

# scipy test_ttest_ind_with_uneq_var (R): Welch t and p.
printf '1\n2\n3\n' > "$tmp/a.txt"
printf '1.1\n2.9\n4.2\n' > "$tmp/b.txt"
out=$("$FAIRSWEEP" stats welch "$tmp/a.txt" "$tmp/b.txt" --format json)
close "$(field statistic "$out")" -0.68649512735572582 1e-12; check "welch t" $?
close "$(field pvalue "$out")" 0.53619490753126731 1e-9; check "welch p" $?
[ -n "$(field df "$out")" ] && [ "$(field df "$out")" != null ]
check "welch df present" $?

# Text output names the p-value; stdin as B.
txt=$("$FAIRSWEEP" stats student "$tmp/a.txt" - < "$tmp/b.txt")
check "student from stdin exits 0" $?
printf '%s\n' "$txt" | grep -q '^p-value' ; check "text has p-value" $?

# SciPy wilcoxon docstring (corn data): statistic 24, exact p.
printf '%s\n' 6 8 14 16 23 24 28 29 41 -48 49 56 60 -67 75 > "$tmp/d.txt"
yes 0 | head -15 > "$tmp/z.txt"
out=$("$FAIRSWEEP" stats wilcoxon "$tmp/d.txt" "$tmp/z.txt" --format json)
close "$(field statistic "$out")" 24 0; check "wilcoxon statistic" $?
close "$(field pvalue "$out")" 0.041259765625 1e-12; check "wilcoxon p" $?
out=$("$FAIRSWEEP" stats wilcoxon "$tmp/d.txt" "$tmp/z.txt" \
      --alternative greater --format json)
close "$(field pvalue "$out")" 0.0206298828125 1e-12; check "wilcoxon greater" $?

# Permutation test by hand: {1,2,3} vs {4,5,6}, exact, p = 2/20.
printf '%s\n' 1 2 3 > "$tmp/p1.txt"; printf '%s\n' 4 5 6 > "$tmp/p2.txt"
out=$("$FAIRSWEEP" stats perm "$tmp/p1.txt" "$tmp/p2.txt" --format json)
close "$(field pvalue "$out")" 0.1 1e-12; check "perm exact p" $?

# Bootstrap CI: reproducible for a seed, lo <= estimate <= hi.
o1=$("$FAIRSWEEP" stats bootstrap-ci "$tmp/males.txt" "$tmp/females.txt" \
     --resamples 2000 --seed 3 --format json)
o2=$("$FAIRSWEEP" stats bootstrap-ci "$tmp/males.txt" "$tmp/females.txt" \
     --resamples 2000 --seed 3 --format json)
[ "$o1" = "$o2" ]; check "bootstrap reproducible by seed" $?
awk -v l="$(field lo "$o1")" -v e="$(field estimate "$o1")" \
    -v h="$(field hi "$o1")" 'BEGIN { exit !(l <= e && e <= h) }'
check "bootstrap CI brackets estimate" $?

# Bad input: file:line message and exit 2.
printf '1\n2\nxyz\n' > "$tmp/bad.txt"
err=$("$FAIRSWEEP" stats welch "$tmp/a.txt" "$tmp/bad.txt" 2>&1 >/dev/null)
[ $? -eq 2 ]; check "bad number exits 2" $?
[ "$err" = "$tmp/bad.txt:3: not a number: 'xyz'" ]; check "bad number message" $?
printf '1\nnan\n' > "$tmp/nan.txt"
err=$("$FAIRSWEEP" stats mwu "$tmp/nan.txt" "$tmp/a.txt" 2>&1 >/dev/null)
[ $? -eq 2 ]; check "NaN exits 2" $?
[ "$err" = "$tmp/nan.txt:2: not a number: 'nan'" ]; check "NaN message" $?
"$FAIRSWEEP" stats nosuchtest "$tmp/a.txt" "$tmp/b.txt" 2>/dev/null
[ $? -eq 2 ]; check "unknown test exits 2" $?
"$FAIRSWEEP" stats paired-t "$tmp/a.txt" "$tmp/d.txt" 2>/dev/null
[ $? -eq 2 ]; check "unequal paired lengths exit 2" $?
"$FAIRSWEEP" stats welch - - < /dev/null 2>/dev/null
[ $? -eq 2 ]; check "two stdin exits 2" $?
: > "$tmp/empty.txt"
"$FAIRSWEEP" stats welch "$tmp/a.txt" "$tmp/empty.txt" 2>/dev/null
[ $? -eq 2 ]; check "empty file exits 2" $?
"$FAIRSWEEP" stats --help | grep -q 'Example' ; check "--help has an example" $?

exit $fail
