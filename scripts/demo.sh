#!/usr/bin/env bash
# Set Nacre up on a fresh Debian 12 machine (run as root) and show it
# working: install the dependencies, build the modules and tools, boot a
# QEMU guest of Debian's kernel (this machine's kernel cannot load modules
# here) and use the modules there.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh
make -s all
exec tests/vm/run --verbose demo/hello
