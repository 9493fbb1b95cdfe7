#!/usr/bin/env bash
# make demo: a small end-to-end run on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."
bin/fairsweep version
