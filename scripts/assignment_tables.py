#!/usr/bin/env python3
"""Markdown tables of an experiments/assignment.yaml store next to the
paper's (seed 004, Lujak et al., Tables 4 and 5) numbers, plus solve times.

    /usr/bin/python3 scripts/assignment_tables.py assignment.h5 > tables.md

Each cell is "fairsweep (paper)"; fairsweep's value is the mean over the
done jobs of that (model, size), like the paper's averages over 20 matrices.
"""
import math
import sys

import h5py
import numpy as np

ROWS = [("nash", None, "Nash"), ("efum", 0, "Envy-free (a = 0)"),
        ("efum", 0.25, "Envy-free (a = 0.25)"), ("efum", 0.5, "Envy-free (a = 0.5)"),
        ("efum", 0.75, "Envy-free (a = 0.75)"), ("efum", 1, "Envy-free (a = 1)"),
        ("bottleneck", None, "Bottleneck (not in paper)")]

# Seed 004, Table 4: Eff, EFM, RAF, OROCF, z per size; then z_min, z_max.
PAPER4 = {
    5: [[1.00, .95, .77, .99, 1402], [1.00, .89, .75, 1.00, 1399], [.99, .96, .77, .99, 1405],
        [.94, 1.00, .82, .94, 1520], [.73, .89, .91, .73, 1913], [.41, .62, .94, .41, 2513]],
    10: [[1.00, .95, .87, 1.00, 1439], [1.00, .93, .87, 1.00, 1438], [1.00, .99, .88, 1.00, 1466],
         [.97, 1.00, .89, .98, 1626], [.87, .98, .96, .88, 2330], [.47, .59, .99, .48, 5235]],
    20: [[1.00, .95, .94, 1.00, 1522], [1.00, .95, .94, 1.00, 1522], [1.00, 1.00, .96, 1.00, 1610],
         [.98, 1.00, .95, .99, 1789], [.92, .99, .98, .92, 2924], [.46, .52, .97, .46, 10687]],
}
PAPER4_Z = {5: (1339, 3408), 10: (1438, 8602), 20: (1522, 18473)}
# Seed 004, Table 5: Eff', EFM', RAF', OROCF'.
PAPER5 = {
    5: [[1.00, 1.05, 2.17, 1.02], [1.00, 1.09, 2.25, 1.02], [1.01, 1.04, 2.15, 1.04],
        [1.11, 1.00, 1.90, 1.67], [1.42, 1.04, 1.41, 3.52], [1.92, 1.30, 1.21, 12.72]],
    10: [[1.00, 1.11, 1.93, 1.00], [1.00, 1.15, 1.96, 1.01], [1.02, 1.02, 1.86, 1.05],
         [1.13, 1.00, 1.76, 1.35], [1.63, 1.03, 1.32, 2.94], [3.87, 2.00, 1.10, 10.37]],
    20: [[1.00, 1.22, 1.63, 1.00], [1.00, 1.22, 1.63, 1.00], [1.06, 1.01, 1.49, 1.15],
         [1.17, 1.00, 1.52, 1.51], [1.91, 1.04, 1.23, 3.58], [7.23, 3.02, 1.39, 19.89]],
    50: [[1.00, 1.24, 1.15, 1.02], [1.00, 1.30, 1.16, 1.02], [1.03, 1.01, 1.09, 1.09],
         [1.33, 1.00, 1.23, 2.05], [2.22, 1.05, 1.03, 4.80], [30.50, 11.57, 1.03, 86.73]],
    100: [[1.00, 1.25, 1.07, 1.00], [1.00, 1.15, 1.08, 1.00], [1.01, 1.00, 1.05, 1.04],
          [1.53, 1.00, 1.48, 2.53], [2.41, 1.48, 1.98, 3.77], [56.67, 16.84, 1.02, 156.86]],
}


def parse_key(key):
    kv = dict(item.split("=", 1) for item in key.split() if "=" in item)
    alpha = float(kv["alpha"]) if "alpha" in kv else None
    return kv["algo"], kv.get("model"), alpha, int(kv["agents"])


def load(path):
    f = h5py.File(path, "r")
    jobs = f["jobs"][:]
    metrics = {name: f["metrics"][name][:] for name in f["metrics"]}
    groups = {}
    for i, row in enumerate(jobs):
        if row["status"] != 1:
            continue
        algo, model, alpha, n = parse_key(row["key"].decode())
        if algo != "assign":
            continue
        groups.setdefault((model, alpha, n), []).append(i)
    return metrics, groups


def mean(metrics, name, idx):
    if name not in metrics or not idx:
        return float("nan")
    v = metrics[name][idx]
    return float(np.mean(v))


def fmt(x, digits=2):
    if math.isnan(x):
        return "n/a"
    if math.isinf(x):
        return "inf"
    return f"{x:.{digits}f}" if abs(x) < 1000 else f"{x:.0f}"


def cell(ours, paper, digits=2):
    return fmt(ours, digits) + (f" ({fmt(paper, digits)})" if paper is not None else "")


def table4(metrics, groups, sizes):
    names = ["eff", "efm", "raf", "orocf", "z"]
    for n in sizes:
        print(f"\n**Size {n}** -- fairsweep (paper)\n")
        print("| Model | Eff | EFM | RAF | OROCF | z |")
        print("|---|---|---|---|---|---|")
        for r, (model, alpha, label) in enumerate(ROWS):
            idx = groups.get((model, alpha, n), [])
            paper = PAPER4.get(n, [None] * 6)
            p = paper[r] if r < len(paper) and paper[r] else [None] * 5
            cells = [cell(mean(metrics, m, idx), p[k], 0 if m == "z" else 2)
                     for k, m in enumerate(names)]
            print(f"| {label} | " + " | ".join(cells) + " |")
        idx = groups.get(("nash", None, n), [])
        pz = PAPER4_Z.get(n, (None, None))
        print(f"\nz_min = {cell(mean(metrics, 'z_min', idx), pz[0], 0)}; "
              f"z_max = {cell(mean(metrics, 'z_max', idx), pz[1], 0)}")


def table5(metrics, groups, sizes):
    names = ["eff_lb", "efm_lb", "raf_lb", "orocf_lb"]
    for n in sizes:
        print(f"\n**Size {n}** -- fairsweep (paper)\n")
        print("| Model | Eff' | EFM' | RAF' | OROCF' |")
        print("|---|---|---|---|---|")
        for r, (model, alpha, label) in enumerate(ROWS):
            idx = groups.get((model, alpha, n), [])
            paper = PAPER5.get(n, [])
            p = paper[r] if r < len(paper) else [None] * 4
            cells = [cell(mean(metrics, m, idx), p[k]) for k, m in enumerate(names)]
            print(f"| {label} | " + " | ".join(cells) + " |")


def times(metrics, groups, sizes):
    print("\n| Model | " + " | ".join(f"n = {n}" for n in sizes) + " |")
    print("|---|" + "---|" * len(sizes))
    for model, alpha, label in ROWS:
        row = []
        for n in sizes:
            idx = groups.get((model, alpha, n), [])
            if "solve_ms" in metrics and idx:
                v = metrics["solve_ms"][idx]
                row.append(f"{np.mean(v):.3f} / {np.max(v):.3f}")
            else:
                row.append("n/a")
        print(f"| {label} | " + " | ".join(row) + " |")


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: assignment_tables.py STORE.h5")
    metrics, groups = load(sys.argv[1])
    sizes = sorted({n for (_, _, n) in groups})
    print("### Table 4: normalised measures (mean over the seeds)")
    table4(metrics, groups, [n for n in sizes if n in PAPER4])
    print("\n### Table 5: ratios to the lower bounds (mean over the seeds)")
    table5(metrics, groups, sizes)
    print("\n### Solve times of the models, ms (mean / max over the seeds; model solve only)")
    times(metrics, groups, sizes)


if __name__ == "__main__":
    main()
