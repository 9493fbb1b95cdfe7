#!/usr/bin/env bash
# make demo: a small real sweep on local MPI (2 ranks), then its status and,
# where the analysis is built, its significance table.
set -euo pipefail
cd "$(dirname "$0")/.."
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
export OMPI_MCA_btl_vader_single_copy_mechanism=none OMPI_MCA_rmaps_base_oversubscribe=1
out=demo-out
mkdir -p "$out"
rm -f "$out/demo.h5" "$out/demo.h5.journal"
cfg=experiments/synthetic.yaml
echo "== fairsweep plan $cfg"
bin/fairsweep plan "$cfg"
echo
echo "== mpirun -np 2 fairsweep run $cfg -o $out/demo.h5"
mpirun --bind-to none -np 2 bin/fairsweep run "$cfg" -o "$out/demo.h5"
if bin/fairsweep --help | grep -q '^  status'; then
    echo
    echo "== fairsweep status $out/demo.h5"
    bin/fairsweep status "$out/demo.h5"
fi
if bin/fairsweep --help | grep -q '^  analyze'; then
    echo
    echo "== fairsweep analyze $out/demo.h5"
    bin/fairsweep analyze "$out/demo.h5"
fi
