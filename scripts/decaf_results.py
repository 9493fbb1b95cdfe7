#!/usr/bin/python3
"""DECAF tables and plots from a fairsweep result store.

    /usr/bin/python3 scripts/decaf_results.py STORE.h5 OUTDIR > tables.md

Reads the store of experiments/decaf.yaml (h5py; the layout of jobs/store.h:
/jobs table, /metrics/<name> per job) and writes to stdout Markdown tables:
  - per environment, the utility-fairness front: mean (sd) over seeds of
    util (sum of agent utilities per episode) and var (variance of the
    fairness vector) for each algorithm and beta;
  - Matthew's beta_train x beta_test tables for SO and FO (util, var and
    the column-normalised objective (1 - bt) util - bt var);
  - the mean wall time per job;
and the same beta tables for every environment to OUTDIR/heatmaps.md.
and into OUTDIR PNGs drawn by gnuplot: fronts.png (util vs var per env, one
line per algorithm in increasing beta) and heat_<env>_<algo>.png (utility,
variance and normalised objective over beta_train x beta_test), with the
data files and the gnuplot script next to them.
"""
import os
import subprocess
import sys
from collections import defaultdict

import h5py
import numpy as np

ENVS = ["matthew", "job", "plant", "biaseddm"]
ALGOS = ["decaf-jo", "decaf-so", "decaf-fo"]
BT = ["0", "0.01", "0.1", "0.5", "0.9", "0.99", "0.999"]


def load(path):
    f = h5py.File(path, "r")
    jobs = f["jobs"][:]
    metrics = {k: f["metrics/" + k][:] for k in f["metrics"].keys()}
    rows = []
    for k, j in enumerate(jobs):
        if j["status"] != 1:
            continue
        params = dict(t.split("=") for t in j["key"].decode().split()
                      if "=" in t)
        rows.append({"env": j["env"].decode(), "algo": j["algo"].decode(),
                     "beta": params.get("beta", "0"), "seed": int(j["seed"]),
                     "wall": float(j["wall_s"]),
                     "m": {n: v[k] for n, v in metrics.items()}})
    return f.attrs, rows


def group(rows):
    g = defaultdict(list)
    for r in rows:
        g[(r["env"], r["algo"], r["beta"])].append(r)
    return g


def betas_of(g, env, algo):
    return sorted({b for (e, a, b) in g if e == env and a == algo}, key=float)


def ms(vals):
    v = np.asarray(vals, float)
    return v.mean(), (v.std(ddof=1) if len(v) > 1 else 0.0)


def fmt(m, s):
    return f"{m:.3g} ({s:.2g})"


def fronts_table(g, env):
    out = [f"### {env}", "",
           "| beta | " + " | ".join(f"{a} util | {a} var" for a in ALGOS) + " |",
           "| ---: | " + " | ".join("---: | ---:" for _ in ALGOS) + " |"]
    for b in betas_of(g, env, ALGOS[0]):
        cells = []
        for a in ALGOS:
            rs = g.get((env, a, b), [])
            if not rs:
                cells += ["", ""]
                continue
            cells.append(fmt(*ms([r["m"]["util"] for r in rs])))
            cells.append(fmt(*ms([r["m"]["var"] for r in rs])))
        out.append(f"| {b} | " + " | ".join(cells) + " |")
    n = len(g.get((env, ALGOS[0], "0"), []))
    out += ["", f"Mean (sd) over {n} seeds of {ALGOS[0]}'s conditions; util = "
            "sum of agent utilities per evaluation episode, var = variance of "
            "the fairness vector (lower is fairer).", ""]
    return out


def heat(g, env, algo):
    """util, var, normalised objective [beta_train x beta_test]."""
    trains = betas_of(g, env, algo)
    U = np.full((len(trains), len(BT)), np.nan)
    V = np.full_like(U, np.nan)
    for i, b in enumerate(trains):
        rs = g[(env, algo, b)]
        for k, bt in enumerate(BT):
            U[i, k] = np.mean([r["m"]["util_bt" + bt] for r in rs])
            V[i, k] = 0.0 - np.mean([r["m"]["fair_bt" + bt] for r in rs]) + 0.0
    bts = np.array([float(b) for b in BT])
    obj = (1 - bts)[None, :] * U - bts[None, :] * V
    lo, hi = np.nanmin(obj, axis=0), np.nanmax(obj, axis=0)
    N = (obj - lo) / np.where(hi > lo, hi - lo, 1.0)
    return trains, U, V, N


def heat_tables(g, env, algo):
    trains, U, V, N = heat(g, env, algo)
    out = [f"#### {env}, {algo}", "",
           "| beta_train \\ beta_test | " + " | ".join(BT) + " |",
           "| ---: | " + " | ".join("---:" for _ in BT) + " |"]
    for name, M in (("util", U), ("var", V), ("norm. obj", N)):
        out.append(f"| **{name}** | " + " | ".join("" for _ in BT) + " |")
        for i, b in enumerate(trains):
            out.append(f"| {b} | " + " | ".join(f"{x:.3g}" for x in M[i]) + " |")
    out.append("")
    return out


def write_plots(g, outdir):
    os.makedirs(os.path.join(outdir, "data"), exist_ok=True)
    gp = ["set terminal pngcairo noenhanced size 1200,900 font ',10'",
          f"set output '{outdir}/fronts.png'",
          "set multiplot layout 2,2 title 'DECAF utility-fairness fronts "
          "(each line: beta = 0 ... 0.999; mean over seeds)'"]
    for env in ENVS:
        plots = []
        for a in ALGOS:
            fn = os.path.join(outdir, "data", f"front_{env}_{a}.dat")
            with open(fn, "w") as fh:
                fh.write("# beta util var\n")
                for b in betas_of(g, env, a):
                    rs = g[(env, a, b)]
                    fh.write(f"{b} {np.mean([r['m']['util'] for r in rs])} "
                             f"{np.mean([r['m']['var'] for r in rs])}\n")
            plots.append(f"'{fn}' using 2:3 with linespoints title '{a}'")
        gp += [f"set title '{env}'", "set xlabel 'utility (sum over agents)'",
               "set ylabel 'variance of the fairness vector'", "set key top left",
               "plot " + ", ".join(plots)]
    gp.append("unset multiplot")
    for env in ENVS:
        for a in ("decaf-so", "decaf-fo"):
            if not betas_of(g, env, a):
                continue
            trains, U, V, N = heat(g, env, a)
            gp += [f"set output '{outdir}/heat_{env}_{a}.png'",
                   "set terminal pngcairo noenhanced size 1500,450 font ',10'",
                   f"set multiplot layout 1,3 title '{env}, {a}: beta_train "
                   "(rows) x beta_test (columns)'",
                   "set xlabel 'beta_test'", "set ylabel 'beta_train'",
                   "set palette rgbformulae 33,13,10", "unset key",
                   "set xtics (" + ", ".join(f"'{b}' {k}" for k, b in enumerate(BT)) + ")",
                   "set ytics (" + ", ".join(f"'{b}' {k}" for k, b in enumerate(trains)) + ")"]
            for name, M in (("utility", U), ("variance", V), ("normalised objective", N)):
                fn = os.path.join(outdir, "data", f"heat_{env}_{a}_{name.split()[0]}.dat")
                with open(fn, "w") as fh:
                    for i in range(M.shape[0]):
                        fh.write(" ".join(f"{x:.6g}" for x in M[i]) + "\n")
                gp += [f"set title '{name}'",
                       f"plot '{fn}' matrix with image"]
            gp.append("unset multiplot")
    script = os.path.join(outdir, "plots.gp")
    with open(script, "w") as fh:
        fh.write("\n".join(gp) + "\n")
    subprocess.run(["gnuplot", script], check=True)


def main():
    store, outdir = sys.argv[1], sys.argv[2]
    os.makedirs(outdir, exist_ok=True)
    attrs, rows = load(store)
    g = group(rows)
    out = ["## Utility-fairness fronts", ""]
    for env in ENVS:
        out += fronts_table(g, env)
    intro = ["Rows: the beta a model was trained with; columns: the beta used "
             "at decision time in evaluation. util and var are means over "
             "seeds; norm. obj scales (1 - bt) util - bt var to [0, 1] within "
             "each column (1 = the best model for that beta_test).", ""]
    out += ["## beta_train x beta_test on Matthew (SO and FO, no retraining)",
            ""] + intro
    heat_doc = ["# DECAF beta_train x beta_test tables, every environment", "",
                f"Made by `scripts/decaf_results.py {store} {outdir}`.", ""] + intro
    for env in ENVS:
        for a in ("decaf-so", "decaf-fo"):
            if betas_of(g, env, a):
                heat_doc += heat_tables(g, env, a)
                if env == "matthew":
                    out += heat_tables(g, env, a)
    with open(os.path.join(outdir, "heatmaps.md"), "w") as fh:
        fh.write("\n".join(heat_doc) + "\n")
    out += ["## Wall time per job (seconds, mean over all betas and seeds)", "",
            "| env | " + " | ".join(ALGOS) + " |",
            "| --- | " + " | ".join("---:" for _ in ALGOS) + " |"]
    for env in ENVS:
        cells = []
        for a in ALGOS:
            w = [r["wall"] for r in rows if r["env"] == env and r["algo"] == a]
            cells.append(f"{np.mean(w):.2f}" if w else "")
        out.append(f"| {env} | " + " | ".join(cells) + " |")
    print("\n".join(out))
    write_plots(g, outdir)


if __name__ == "__main__":
    main()
