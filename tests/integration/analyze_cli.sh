#!/usr/bin/env bash
# fairsweep analyze (and report, when built) on a real small sweep: values
# checked against an independent Python computation from the HDF5 file.
. "$(dirname "$0")/lib.bash"
fs run "$DATA/sweeps/analyze.yaml" -o "$T/a.h5" --quiet > /dev/null || fail "sweep"

fs analyze "$T/a.h5" > "$T/a.md" || fail "analyze md"
fs analyze "$T/a.h5" --format csv > "$T/a.csv" || fail "analyze csv"
fs analyze "$T/a.h5" --format json > "$T/a.json" || fail "analyze json"
fs analyze "$T/a.h5" --format json --test mwu --correction bh > "$T/mwu.json" \
    || fail "analyze mwu"
fs analyze "$T/a.h5" --format json --test perm --correction none \
    --metric return --baseline "quality=1" --alpha 0.1 > "$T/perm.json" \
    || fail "analyze perm"

grep -Eq '^\| noise=0.1 quality=0.5 +\| +8 \| ' "$T/a.md" || fail "md: baseline row"
grep -q '^## Failed jobs (2)' "$T/a.md" || fail "md: failed jobs not reported"
grep -q "the sweep's first condition" "$T/a.md" || fail "md: baseline not named"
[ "$(wc -l < "$T/a.csv")" = $((1 + 3 * 3)) ] || fail "csv: $(wc -l < "$T/a.csv") lines"

"$PY" - "$T/a.h5" "$T/a.json" "$T/mwu.json" "$T/perm.json" "$T/a.csv" <<'PYEOF'
import csv, json, math, sys
import h5py, numpy as np

store, aj, mj, pj, ac = sys.argv[1:6]
f = h5py.File(store, "r")
jobs = f["jobs"][...]
dec = lambda b: b.decode() if isinstance(b, bytes) else str(b)
groups = {}
for i, row in enumerate(jobs):
    label = " ".join(["env=" + dec(row["env"]), "algo=" + dec(row["algo"])] +
                     ([dec(row["params"])] if dec(row["params"]) else []))
    groups.setdefault(label, []).append(i)

def betacf(a, b, x):
    # Continued fraction of the incomplete beta (Lentz), as Numerical Recipes.
    tiny, c, d = 1e-300, 1.0, 1.0 - (a + b) * x / (a + 1)
    d = 1 / (d if abs(d) > tiny else tiny); h = d
    for m in range(1, 300):
        for num in (m * (b - m) * x / ((a + 2*m - 1) * (a + 2*m)),
                    -(a + m) * (a + b + m) * x / ((a + 2*m) * (a + 2*m + 1))):
            d = 1 + num * d; d = 1 / (d if abs(d) > tiny else tiny)
            c = 1 + num / c if abs(1 + num / c) > tiny else tiny
            h *= d * c
    return h

def ibeta(a, b, x):
    if x <= 0: return 0.0
    if x >= 1: return 1.0
    lb = math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b) + a*math.log(x) + b*math.log(1-x)
    if x < (a + 1) / (a + b + 2):
        return math.exp(lb) * betacf(a, b, x) / a
    return 1 - math.exp(lb) * betacf(b, a, 1 - x) / b

def welch(x, y):
    vx, vy = x.var(ddof=1) / len(x), y.var(ddof=1) / len(y)
    t = (x.mean() - y.mean()) / math.sqrt(vx + vy)
    df = (vx + vy) ** 2 / (vx**2 / (len(x) - 1) + vy**2 / (len(y) - 1))
    return t, ibeta(df / 2, 0.5, df / (df + t * t))

a = json.load(open(aj))
assert a["test"] == "welch" and a["correction"] == "holm" and a["alpha"] == 0.05
conds = {c["label"]: c for c in a["conditions"]}
assert set(conds) == set(groups), (set(conds), set(groups))
base_label = [c["label"] for c in a["conditions"] if c["baseline"]]
assert base_label == ["env=none algo=synthetic noise=0.1 points=10 quality=0.5 work_us=1"], base_label
status = jobs["status"]
for label, rows in groups.items():
    c = conds[label]
    assert c["jobs"] == len(rows)
    assert c["failed"] == int((status[rows] == 2).sum())
    assert c["done"] == int((status[rows] == 1).sum())
    if c["failed"]:
        assert [j["seed"] for j in c["failed_jobs"]] == [2], c["failed_jobs"]
short = {c["condition"]: c["label"] for c in a["conditions"]}
checked = 0
for m in a["metrics"]:
    col = f["metrics"][m["metric"]][...]
    vals = {}
    for r in m["rows"]:
        rows = groups[short[r["condition"]]]
        v = col[rows][(status[rows] == 1) & np.isfinite(col[rows])]
        vals[r["condition"]] = v
        assert r["n"] == len(v)
        assert math.isclose(r["mean"], v.mean(), rel_tol=1e-12), (r, v.mean())
        assert math.isclose(r["sd"], v.std(ddof=1), rel_tol=1e-10)
    base = [r for r in m["rows"] if r["vs_baseline"] is None]
    assert len(base) == 1
    pvals = []
    for r in m["rows"]:
        cmp = r["vs_baseline"]
        if cmp is None:
            continue
        t, p = welch(vals[r["condition"]], vals[base[0]["condition"]])
        assert math.isclose(cmp["statistic"], t, rel_tol=1e-10), (cmp, t)
        assert math.isclose(cmp["pvalue"], p, rel_tol=1e-7), (cmp, p)
        pvals.append((p, r))
        checked += 1
    # Holm, by hand.
    pvals.sort(key=lambda q: q[0])
    run = 0
    for i, (p, r) in enumerate(pvals):
        run = max(run, min(1, p * (len(pvals) - i)))
        cmp = r["vs_baseline"]
        assert math.isclose(cmp["p_adj"], run, rel_tol=1e-7), (cmp, run)
        v = cmp["verdict"]
        if run <= 0.05:
            want = "higher" if cmp["mean_diff"] > 0 else "lower"
            assert v.startswith(want + ", p="), v
        else:
            assert v.startswith("no difference, p="), v
assert checked == 6, checked

mw = json.load(open(mj))
assert mw["test"] == "mwu" and mw["correction"] == "bh"
for m in mw["metrics"]:
    for r in m["rows"]:
        cmp = r["vs_baseline"]
        if cmp is not None:
            assert 0 < cmp["pvalue"] <= 1 and cmp["p_adj"] >= cmp["pvalue"]
            assert -1 <= cmp["cliff_delta"] <= 1

pm = json.load(open(pj))
assert pm["baseline"] == "fail=nan fail_seed=2 noise=0.3 quality=1", pm["baseline"]
assert [m["metric"] for m in pm["metrics"]] == ["return"]
for r in pm["metrics"][0]["rows"]:
    cmp = r["vs_baseline"]
    if cmp is not None:
        assert cmp["test"] in ("monte-carlo", "exact"), cmp
        assert cmp["p_adj"] == cmp["pvalue"] and 0 < cmp["pvalue"] <= 1

rows = list(csv.DictReader(open(ac)))
assert len(rows) == 9 and {r["metric"] for r in rows} == {"return", "jfi", "gini"}
assert sum(r["baseline"] == "1" for r in rows) == 3
PYEOF
[ $? = 0 ] || fail "values differ from the independent computation"

# Unknown names: exit 2 with the valid choices listed.
set +e
fs analyze "$T/a.h5" --metric nope 2> "$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown metric: exit $rc"
grep -q "metrics are: gini, jfi, return" "$T/err" || fail "metric list: $(cat "$T/err")"
set +e
fs analyze "$T/a.h5" --baseline qmix 2> "$T/err"; rc=$?
set -e
[ "$rc" = 2 ] || fail "unknown baseline: exit $rc"
grep -q "conditions are: 'noise=0.1 quality=0.5'" "$T/err" || fail "condition list: $(cat "$T/err")"
set +e
fs analyze "$T/nothere.h5" 2> "$T/err"; rc=$?
set -e
[ "$rc" != 0 ] && grep -q "nothere.h5" "$T/err" || fail "missing store: exit $rc"

# report: Markdown that links valid PNGs of every kind the store supports.
fs report "$T/a.h5" -d "$T/rep/sub" > /dev/null || fail "report: $(cat "$T/rep/sub/gnuplot.log" 2>/dev/null)"
for png in curve-return.png pareto.png box-return.png box-jfi.png box-gini.png; do
    [ "$(head -c 8 "$T/rep/sub/$png" | od -An -tx1 | tr -d ' \n')" = 89504e470d0a1a0a ] \
        || fail "report: $png is not a PNG"
    grep -qF "]($png)" "$T/rep/sub/report.md" || fail "report.md does not link $png"
done
grep -q "^## Failed jobs (2)" "$T/rep/sub/report.md" || fail "report.md: failed jobs"
grep -q "no numeric beta_train and beta_test" "$T/rep/sub/report.md" || fail "report.md: heatmap note"
set +e
fs report "$T/a.h5" -d "$T/rep2" --gnuplot /nonexistent/gnuplot 2> "$T/err"; rc=$?
set -e
[ "$rc" != 0 ] && grep -q "gnuplot-nox" "$T/err" || fail "missing gnuplot: exit $rc, $(cat "$T/err")"
echo "ok: analyze tables match an independent computation; report draws its plots"
