#!/usr/bin/python3
"""Tables for docs/results/fen.md from a store of experiments/fen.yaml.

    /usr/bin/python3 scripts/fen_table.py fen.h5 [FAIRSWEEP]

Per condition: mean and 95% t-interval over seeds of each metric (final
evaluation), then, for each FEN variant against the `ppo` baseline, the
difference of means with its BCa bootstrap 95% CI and Welch's p-value from
`fairsweep stats` (FAIRSWEEP defaults to bin/fairsweep). Also the learning
curves' means at a few evaluation points and training throughput
(train_steps / wall_s, which includes the evaluations).
Needs h5py and numpy.
"""
import json
import os
import subprocess
import sys
import tempfile

import h5py
import numpy as np

# Student t quantiles t_{0.975, df}, df = 1..30 (standard tables).
T975 = [12.706, 4.303, 3.182, 2.776, 2.571, 2.447, 2.365, 2.306, 2.262, 2.228,
        2.201, 2.179, 2.160, 2.145, 2.131, 2.120, 2.110, 2.101, 2.093, 2.086,
        2.080, 2.074, 2.069, 2.064, 2.060, 2.056, 2.052, 2.048, 2.045, 2.042]
METRICS = ["utility", "min_utility", "jain", "gini", "cv", "env_idle"]


def t_ci(x):
    x = np.asarray(x, float)
    x = x[np.isfinite(x)]
    n = len(x)
    if n < 2:
        return x.mean() if n else float("nan"), float("nan"), n
    t = T975[n - 2] if n - 1 <= len(T975) else 1.96
    return x.mean(), t * x.std(ddof=1) / np.sqrt(n), n


def label(params, algo):
    """Condition label: algo, its non-default options, and the MLP width."""
    drop = {"n_agents", "episode_limit", "period", "fen_c", "hidden", "ctrl_hidden"}
    kv = dict(p.split("=", 1) for p in params.split())
    extra = [f"{k}={v}" for k, v in sorted(kv.items()) if k not in drop]
    width = f"width {kv.get('hidden', '256')}"
    return " ".join([algo] + extra) + f" ({width})"


def stats(fairsweep, test, a, b):
    with tempfile.TemporaryDirectory() as d:
        pa, pb = os.path.join(d, "a"), os.path.join(d, "b")
        np.savetxt(pa, a)
        np.savetxt(pb, b)
        out = subprocess.run([fairsweep, "stats", test, pa, pb, "--format", "json"],
                             check=True, capture_output=True, text=True).stdout
    return json.loads(out)


def main():
    store = sys.argv[1]
    fairsweep = sys.argv[2] if len(sys.argv) > 2 else "bin/fairsweep"
    f = h5py.File(store, "r")
    jobs = f["jobs"]
    algo = np.array([a.decode() for a in jobs["algo"]])
    params = np.array([p.decode() for p in jobs["params"]])
    done = jobs["status"][:] == 1
    conds = {}
    for i in np.nonzero(done)[0]:
        conds.setdefault(label(params[i], algo[i]), []).append(i)
    names = sorted(conds, key=lambda c: (c.startswith("ppo"), "256" in c, c))

    print("| condition | seeds | " + " | ".join(METRICS) + " |")
    print("|---|---|" + "---|" * len(METRICS))
    for c in names:
        idx = conds[c]
        cells = []
        for m in METRICS:
            mean, half, _ = t_ci(f["metrics"][m][idx])
            cells.append(f"{mean:.3f} ± {half:.3f}")
        print(f"| {c} | {len(idx)} | " + " | ".join(cells) + " |")

    def baseline_of(c):
        width = c[c.rindex("("):]
        return next((b for b in names if b.startswith("ppo") and b.endswith(width)), None)

    if any(c.startswith("ppo") for c in names):
        print()
        print("| FEN variant - ppo (same width) | metric | difference | BCa 95% CI | Welch p |")
        print("|---|---|---|---|---|")
        for c in names:
            base = baseline_of(c)
            if c.startswith("ppo") or base is None:
                continue
            b = conds[base]
            for m in ["utility", "jain", "cv"]:
                xa, xb = f["metrics"][m][conds[c]], f["metrics"][m][b]
                ci = stats(fairsweep, "bootstrap-ci", xa, xb)
                w = stats(fairsweep, "welch", xa, xb)
                print(f"| {c} | {m} | {ci['estimate']:+.3f} | "
                      f"[{ci['ci']['lo']:+.3f}, {ci['ci']['hi']:+.3f}] | {w['pvalue']:.2g} |")

    if "curves/jain" in f:
        pts = f["curves/jain"].shape[1]
        show = sorted({0, pts // 4, pts // 2, pts - 1})
        print()
        print("| condition | " + " | ".join(f"jain @ eval {k + 1}" for k in show) + " |")
        print("|---|" + "---|" * len(show))
        for c in names:
            cur = f["curves/jain"][conds[c], :]
            print(f"| {c} | " + " | ".join(f"{np.nanmean(cur[:, k]):.3f}" for k in show) + " |")

    print()
    wall = jobs["wall_s"][:]
    steps = f["metrics"]["train_steps"][:]
    for c in names:
        idx = conds[c]
        rate = steps[idx] / wall[idx]
        print(f"- {c}: {np.median(rate):.0f} env steps/s per job (median; wall time includes evaluation)")


if __name__ == "__main__":
    main()
