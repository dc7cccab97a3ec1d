#!/bin/bash
# Build the rig's initramfs for one kernel release.
#   mkinitramfs.sh RELEASE OUT.cpio.gz
# Contents: static busybox, lib/init as /init, and the modules that /init
# needs (with their dependencies, decompressed) in load order.
set -euo pipefail
kver=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)

bb=$(command -v busybox)
if ! file -L "$bb" | grep -q 'statically linked'; then
	echo "mkinitramfs: $bb is not static (install busybox-static)" >&2
	exit 1
fi

root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,dev,proc,sys,lib/mod}
cp "$bb" "$root/bin/busybox"
cp "$here/init" "$root/init"
chmod 755 "$root/init"

: >"$root/modules.list"
for want in virtio_pci 9pnet_virtio 9p overlay; do
	modprobe -S "$kver" --show-depends "$want" | while read -r kind path _; do
		[ "$kind" = insmod ] || continue # "builtin NAME": nothing to load
		name=$(basename "$path")
		name=${name%.xz}
		name=${name%.zst}
		grep -qx "$name" "$root/modules.list" && continue
		case "$path" in
		*.xz) xz -dc "$path" >"$root/lib/mod/$name" ;;
		*.zst) zstd -qdc "$path" >"$root/lib/mod/$name" ;;
		*) cp "$path" "$root/lib/mod/$name" ;;
		esac
		echo "$name" >>"$root/modules.list"
	done
done

mkdir -p "$(dirname "$out")"
(cd "$root" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
