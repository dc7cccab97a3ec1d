#!/bin/bash
# Run a benchmark in the VM rig and print its figures:
#   scripts/bench.sh lnet [--kernel 6.1|6.12]
# Benchmarks live in tests/vm/bench/ (header "# bench: yes"); they compare
# against a reference measured in the same run (raw TCP, local ext4, NFS),
# since these machines are noisy.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: scripts/bench.sh NAME [--kernel K]}
shift
exec "$TOP/tests/vm/run" --verbose "$@" "bench/$name"
