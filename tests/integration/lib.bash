# tests/integration/lib.bash - shared helpers of the integration scripts.
# Source it; it sets `set -eu`, makes $T (a temp dir removed on exit) and
# defines fail, fs, mpi_run.
set -eu
: "${FAIRSWEEP:?FAIRSWEEP must point at the built fairsweep}"
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
# Containers often forbid cross-memory attach; shared memory copies work.
export OMPI_MCA_btl_vader_single_copy_mechanism=none
export OMPI_MCA_rmaps_base_oversubscribe=1
DATA=$(cd "$(dirname "${BASH_SOURCE[0]}")/../data" && pwd)
PY=/usr/bin/python3

fail() { echo "FAIL: $*" >&2; exit 1; }

fs() { "$FAIRSWEEP" "$@"; }

# mpi_run N ARGS...: fairsweep on N ranks (N = 1 runs it without mpirun).
mpi_run() {
    local n=$1; shift
    if [ "$n" = 1 ]; then
        "$FAIRSWEEP" "$@"
    else
        mpirun --bind-to none -np "$n" "$FAIRSWEEP" "$@"
    fi
}

# h5_same A B: metrics/ and curves/ of two stores are bitwise identical and
# their jobs tables agree on key, id and status.
h5_same() {
    "$PY" - "$1" "$2" <<'PYEOF'
import sys, h5py, numpy as np
a, b = (h5py.File(p, "r") for p in sys.argv[1:3])
for g in ("metrics", "curves"):
    ka, kb = sorted(a[g].keys()), sorted(b[g].keys())
    assert ka == kb, f"{g}: {ka} != {kb}"
    for k in ka:
        x, y = a[g][k][...], b[g][k][...]
        assert x.shape == y.shape and x.tobytes() == y.tobytes(), f"{g}/{k} differs"
ja, jb = a["jobs"][...], b["jobs"][...]
for f in ("key", "id", "status"):
    assert (ja[f] == jb[f]).all(), f"jobs.{f} differs"
PYEOF
}
