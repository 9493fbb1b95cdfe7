#!/usr/bin/python3
"""Per-condition table of a fairsweep store: mean and 95% t-interval over
seeds of chosen metrics, and Welch's t-test p-values against baseline
conditions. Used for docs/results/healthcare.md until `fairsweep analyze`
is merged; pure Python + h5py (no scipy: the t distribution is computed
from the regularised incomplete beta function).

    scripts/healthcare_report.py STORE.h5 --baseline 'algo=qmix' \
        [--baseline 'algo=qmix-fixed lambda=10'] [--metrics success,jfi,...]
"""
import argparse
import math
import sys

import h5py


def betacf(a, b, x):
    """Continued fraction of the incomplete beta (Numerical Recipes)."""
    tiny = 1e-300
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c, d = 1.0, 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > tiny else tiny)
    h = d
    for m in range(1, 300):
        m2 = 2 * m
        aa = m * (b - m) * x / ((qam + m2) * (a + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        h *= d * c
        aa = -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))
        d = 1.0 + aa * d
        d = 1.0 / (d if abs(d) > tiny else tiny)
        c = 1.0 + aa / c
        c = c if abs(c) > tiny else tiny
        delta = d * c
        h *= delta
        if abs(delta - 1.0) < 1e-14:
            break
    return h


def betainc(a, b, x):
    """Regularised incomplete beta I_x(a, b)."""
    if x <= 0:
        return 0.0
    if x >= 1:
        return 1.0
    lbt = (math.lgamma(a + b) - math.lgamma(a) - math.lgamma(b)
           + a * math.log(x) + b * math.log(1 - x))
    if x < (a + 1) / (a + b + 2):
        return math.exp(lbt) * betacf(a, b, x) / a
    return 1.0 - math.exp(lbt) * betacf(b, a, 1 - x) / b


def t_sf2(t, df):
    """Two-sided p-value P(|T| >= |t|) of Student's t with df dof."""
    return betainc(df / 2.0, 0.5, df / (df + t * t))


def t_quantile(p, df):
    """t with P(T <= t) = p (p > 0.5) by bisection."""
    lo, hi = 0.0, 1e3
    for _ in range(200):
        mid = (lo + hi) / 2
        if 1 - t_sf2(mid, df) / 2 < p:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mean_ci(xs):
    n = len(xs)
    m = sum(xs) / n
    if n < 2:
        return m, float("nan"), 0.0
    var = sum((x - m) ** 2 for x in xs) / (n - 1)
    return m, t_quantile(0.975, n - 1) * math.sqrt(var / n), var


def welch_p(a, b):
    """Welch's unequal-variance t-test, two-sided."""
    if len(a) < 2 or len(b) < 2:
        return float("nan")
    ma, _, va = mean_ci(a)
    mb, _, vb = mean_ci(b)
    se2 = va / len(a) + vb / len(b)
    if se2 == 0:
        return 1.0 if ma == mb else 0.0
    t = (ma - mb) / math.sqrt(se2)
    df = se2 ** 2 / ((va / len(a)) ** 2 / (len(a) - 1)
                     + (vb / len(b)) ** 2 / (len(b) - 1))
    return t_sf2(t, df)


def labels_of(jobs):
    """Condition label per job: algo and the parameters that are not shared
    by every job of the store (those are printed once as `shared`)."""
    toks = [("algo=" + j["algo"].decode() + " " + j["params"].decode()).split()
            for j in jobs]
    shared = set(toks[0]).intersection(*map(set, toks[1:])) if toks else set()
    shared = {t for t in shared if not t.startswith("algo=")}
    return [" ".join(t for t in tk if t not in shared) for tk in toks], shared


def load(path, metrics):
    f = h5py.File(path, "r")
    jobs = f["jobs"][:]
    labels, shared = labels_of(jobs)
    print("shared parameters: " + " ".join(sorted(shared)) + "\n")
    groups = {}
    for i, j in enumerate(jobs):
        if j["status"] != 1:
            continue
        label = labels[i]
        g = groups.setdefault(label, {m: [] for m in metrics})
        for m in metrics:
            v = f["metrics"][m][i] if m in f["metrics"] else float("nan")
            if not math.isnan(v):
                g[m].append(float(v))
    return groups, jobs


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("store")
    ap.add_argument("--baseline", action="append", default=[])
    ap.add_argument("--metrics", default="success,jfi,gini,l2")
    ap.add_argument("--curves", default="",
                    help="comma-separated curves to print as mean per point")
    ap.add_argument("--every", type=int, default=0,
                    help="env steps between curve points (for the header)")
    args = ap.parse_args()
    metrics = args.metrics.split(",")
    groups, jobs = load(args.store, metrics)
    n_done = sum(1 for j in jobs if j["status"] == 1)
    print(f"{n_done} of {len(jobs)} jobs done; mean ± 95% t-interval "
          f"half-width over seeds (n per condition in brackets)\n")
    head = "| condition | n | " + " | ".join(metrics) + " |"
    print(head)
    print("|" + "---|" * (2 + len(metrics)))
    for label, g in groups.items():
        cells = []
        for m in metrics:
            mu, hw, _ = mean_ci(g[m]) if g[m] else (float("nan"),) * 3
            cells.append(f"{mu:.3f} ± {hw:.3f}")
        n = max(len(v) for v in g.values())
        print(f"| {label} | {n} | " + " | ".join(cells) + " |")
    for base in args.baseline:
        if base not in groups:      # a unique prefix names a condition too
            hits = [g for g in groups if g.startswith(base + " ")]
            base = hits[0] if len(hits) == 1 else base
        if base not in groups:
            print(f"\n(baseline '{base}' not in the store)", file=sys.stderr)
            continue
        print(f"\nWelch p-values against `{base}`:\n")
        print("| condition | " + " | ".join(metrics) + " |")
        print("|" + "---|" * (1 + len(metrics)))
        for label, g in groups.items():
            if label == base:
                continue
            ps = [welch_p(g[m], groups[base][m]) for m in metrics]
            print(f"| {label} | " + " | ".join(f"{p:.3g}" for p in ps) + " |")
    for name in [c for c in args.curves.split(",") if c]:
        print_curve(args.store, name, args.every)


def print_curve(path, name, every):
    """Mean over seeds of curve `name` per condition, one column per point."""
    f = h5py.File(path, "r")
    if name not in f["curves"]:
        return
    jobs, cur = f["jobs"][:], f["curves"][name][:]
    labels, _ = labels_of(jobs)
    rows = {}
    for i, j in enumerate(jobs):
        if j["status"] != 1:
            continue
        label = labels[i]
        rows.setdefault(label, []).append(cur[i])
    n_pts = cur.shape[1]
    print(f"\nCurve `{name}`, mean over seeds at each evaluation"
          + (f" (every {every} env steps)" if every else "") + ":\n")
    print("| condition | " + " | ".join(str((k + 1) * every if every else k)
                                        for k in range(n_pts)) + " |")
    print("|" + "---|" * (1 + n_pts))
    for label, cs in rows.items():
        means = []
        for k in range(n_pts):
            v = [c[k] for c in cs if not math.isnan(c[k])]
            means.append(f"{sum(v) / len(v):.2f}" if v else "")
        print(f"| {label} | " + " | ".join(means) + " |")


if __name__ == "__main__":
    main()
