#!/usr/bin/env bash
# Install the Debian packages fairsweep needs that this machine lacks.
#
#   scripts/deps.sh           build and test dependencies
#   scripts/deps.sh --bench   also the benchmark references (python3-torch)
#
# Each package is probed the way the build uses it (pkg-config, a header, a
# command); only what is missing is installed. Idempotent and silent when
# everything is present. Needs root (or sudo) only when something is missing.
set -euo pipefail

have_pc()  { command -v pkg-config >/dev/null 2>&1 && pkg-config --exists "$1"; }
have_hdr() { [ -e "/usr/include/$1" ]; }
have_cmd() { command -v "$1" >/dev/null 2>&1; }
have_lib() { ls /usr/lib/*/"$1" /usr/lib/"$1" >/dev/null 2>&1; }
have_py()  { /usr/bin/python3 -c "import $1" >/dev/null 2>&1; }

missing=()
need() { # need PACKAGE PROBE ARG
    "$2" "$3" || missing+=("$1")
}

need pkg-config          have_cmd pkg-config
need libopenmpi-dev      have_cmd mpicc
need openmpi-bin         have_cmd mpirun
need libhdf5-openmpi-dev have_pc  hdf5-openmpi
need hdf5-tools          have_cmd h5dump
need libopenblas-dev     have_pc  openblas
need libcmocka-dev       have_pc  cmocka
need libgsl-dev          have_pc  gsl
need libglpk-dev         have_hdr glpk.h
need librandom123-dev    have_hdr Random123/philox.h
need libfyaml-dev        have_pc  libfyaml
need gnuplot-nox         have_cmd gnuplot
need python3-h5py        have_py  h5py
need procps              have_cmd pgrep
# A real single-node Slurm for tests/integration/slurm.sh (slurmctld,
# slurmd, sbatch, srun, ...) and its authentication daemon.
need slurm-wlm           have_cmd slurmctld
need slurmd              have_cmd slurmd
need munge               have_cmd munged
if [ "${1:-}" = "--bench" ]; then
    need python3-torch   have_py  torch
fi

[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}"
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    if have_cmd sudo; then sudo="sudo"; else
        echo "deps: need root to run: apt-get install -y ${missing[*]}" >&2
        exit 1
    fi
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
echo "deps: done"
