#!/bin/bash
# Run a benchmark in the VM rig and print its figures:
#   scripts/bench.sh lnet|rpc [--kernel 6.1|6.12]
# (lnet: LNet against raw TCP; rpc: echo RPCs against LNet self-test)
# Benchmarks live in tests/vm/bench/ (header "# bench: yes"); they compare
# against a reference measured in the same run (raw TCP, local ext4, NFS),
# since these machines are noisy.
set -euo pipefail
TOP=$(cd "$(dirname "$0")/.." && pwd)
name=${1:?usage: scripts/bench.sh NAME (lnet, rpc) [--kernel K]}
shift
exec "$TOP/tests/vm/run" --verbose "$@" "bench/$name"
