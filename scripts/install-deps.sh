#!/usr/bin/env bash
# Install every build and test dependency of Nacre from Debian 12 packages.
# Idempotent: packages already present are skipped by apt.  Needs root.
set -euo pipefail

PKGS=(
	# toolchain and build
	build-essential cmake pkg-config make gcc g++ clang-format kmod cpio sparse
	# fuzzing: clang, and compiler-rt for -fsanitize=fuzzer,address,undefined
	clang libclang-rt-14-dev
	# userspace libraries
	libcli11-dev libnl-3-dev libnl-genl-3-dev libyaml-dev libcmocka-dev
	# kernels: Debian 12's default (6.1) and the 6.12 LTS, images and headers
	linux-image-amd64 linux-headers-amd64
	linux-image-6.12-amd64 linux-headers-6.12-amd64
	# VM rig
	qemu-system-x86 busybox-static vde2 e2fsprogs iproute2 iputils-ping util-linux procps xz-utils file
	# wire checks and reference benchmarks
	tshark nfs-kernel-server fio iperf3
	# packaging
	dkms dh-dkms debhelper dpkg-dev rpm fakeroot
)

if [ "$(id -u)" -ne 0 ]; then
	echo "install-deps: must run as root (apt-get)" >&2
	exit 1
fi

missing=()
for p in "${PKGS[@]}"; do
	# A package counts as present only when dpkg says it is fully installed.
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$p")
	fi
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "install-deps: all ${#PKGS[@]} packages present"
	exit 0
fi

echo "install-deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
# Services pulled in by packages (nfs-kernel-server, ...) must not start here.
if [ ! -e /usr/sbin/policy-rc.d ]; then
	printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d
	chmod +x /usr/sbin/policy-rc.d
	trap 'rm -f /usr/sbin/policy-rc.d' EXIT
fi
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
