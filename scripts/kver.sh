#!/bin/sh
# Resolve the kernel release to build or boot.
#   kver.sh            -> the running kernel if its build dir exists, else Debian 12's 6.1
#   kver.sh 6.12       -> the installed release starting with "6.12." or "6.12-" (exact name wins)
#   kver.sh --boot X   -> same, but needs /boot/vmlinuz-<release> instead of a build dir
#   kver.sh --kdir DIR -> the /lib/modules name whose build dir is DIR (Debian's
#                         kernel.release can differ from it), else DIR's kernel.release
# Prints the release on stdout; exits 1 with a message when nothing matches.
set -eu

need=build
if [ "${1:-}" = "--kdir" ]; then
	real=$(readlink -f "$2")
	for d in /lib/modules/*/build; do
		if [ "$(readlink -f "$d")" = "$real" ]; then
			r=${d%/build}
			echo "${r##*/}"
			exit 0
		fi
	done
	if [ -r "$real/include/config/kernel.release" ]; then
		cat "$real/include/config/kernel.release"
		exit 0
	fi
	echo "kver: $2 is not a configured kernel tree" >&2
	exit 1
fi
if [ "${1:-}" = "--boot" ]; then
	need=boot
	shift
fi
want=${1:-}

usable() {
	if [ "$need" = build ]; then
		[ -e "/lib/modules/$1/build/Makefile" ]
	else
		[ -e "/boot/vmlinuz-$1" ] && [ -d "/lib/modules/$1/kernel" ]
	fi
}

if [ -z "$want" ]; then
	running=$(uname -r)
	if usable "$running"; then
		echo "$running"
		exit 0
	fi
	want=6.1
fi

if usable "$want"; then
	echo "$want"
	exit 0
fi

# Prefix match on a version boundary, so "6.1" never picks "6.12...".
# Newest first when several match (sort -V, last wins).
match=
for d in /lib/modules/*; do
	r=${d##*/}
	case "$r" in
	"$want".* | "$want"-* | "$want"+*) usable "$r" && match="$match $r" ;;
	esac
done
best=$(printf '%s\n' $match | sort -V | tail -n 1)
if [ -z "$best" ]; then
	echo "kver: no installed kernel matches '$want' (need $need files; run scripts/install-deps.sh)" >&2
	exit 1
fi
echo "$best"
