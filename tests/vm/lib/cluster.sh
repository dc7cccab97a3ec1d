# Host-side cluster control for the VM rig, sourced by tests/vm/run and, in a
# child shell, by each test.  A test is a bash script that runs on the host and
# drives its guests with the API below; the runner boots the guests before it
# and checks them after it.
#
# Test API:
#   on N CMD...        run CMD (a bash command line) on node N; its output is
#                      printed, its status returned (ON_TIMEOUT=S bounds it)
#   on_all CMD...      run CMD on every node at once; fails if any fails
#   fails on N CMD...  succeeds only when the command fails
#   ip_of N [NET]      node N's address on network NET (default 0)
#   disk_of N K        node N's K-th disk as the guest sees it (/dev/vdX)
#   log MSG            a line in the test log
# Variables: NODES, KVER, TOP (repository root), RUN (this test's run dir).
#
# Guest commands start in /tmp with tests/vm/lib/guest.sh sourced, so its
# helpers (load_nacre, unload_nacre, ...) are available there, and with the
# tools built in this tree (build/user/bin: lnetctl, ...) first on PATH.

VM_LIB=${VM_LIB:-$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)}

log() {
	echo "# $*"
}

# ip_of NODE [NET]
ip_of() {
	echo "10.99.${2:-0}.$1"
}

# disk_of NODE K: virtio-blk disks are vda, vdb, ... in the order given.
disk_of() {
	local letters=abcdefghijklmnop
	echo "/dev/vd${letters:$2:1}"
}

# on NODE CMD...
on() {
	local node=$1
	shift
	local io=$RUN/node$node/io n rc t=0
	[ -e "$io/ready" ] || {
		echo "on: node $node is not running" >&2
		return 1
	}
	# Numbered commands, allocated under a lock so that concurrent callers
	# (on_all, or a test's own '&') each get their own slot.
	n=$({
		flock 8
		c=$(($(cat "$io/seq" 2>/dev/null || echo 0) + 1))
		echo "$c" >"$io/seq"
		echo "$c"
	} 8>"$io/seq.lock")
	printf 'source %q\nNODE=%q NODES=%q\nPATH=%q:$PATH\n%s\n' "$VM_LIB/guest.sh" "$node" "$NODES" \
		"$TOP/build/user/bin" "$*" \
		>"$io/cmd/.$n.sh"
	mv "$io/cmd/.$n.sh" "$io/cmd/$n.sh"
	local deadline=$((SECONDS + ${ON_TIMEOUT:-0}))
	while [ ! -e "$io/out/$n.rc" ]; do
		if [ "${ON_TIMEOUT:-0}" -gt 0 ] && ((SECONDS > deadline)); then
			echo "on: node $node: no answer in ${ON_TIMEOUT}s: $*" >&2
			return 124
		fi
		if ! kill -0 "$(cat "$RUN/node$node/qemu.pid" 2>/dev/null)" 2>/dev/null; then
			echo "on: node $node died while running: $*" >&2
			return 125
		fi
		sleep 0.05
	done
	rc=$(cat "$io/out/$n.rc")
	sed "s/^/[node$node] /" "$io/out/$n.out"
	return "$rc"
}

# val NODE CMD...: on, with the output bare (no "[nodeN] " prefix), for
# values a test computes with.
val() {
	on "$@" | sed 's/^\[node[0-9]*\] //'
	return "${PIPESTATUS[0]}"
}

on_all() {
	local i pids=() rc=0
	for ((i = 1; i <= NODES; i++)); do
		on "$i" "$@" &
		pids+=($!)
	done
	for i in "${pids[@]}"; do
		wait "$i" || rc=1
	done
	return $rc
}

fails() {
	if "$@"; then
		echo "fails: expected failure: $*" >&2
		return 1
	fi
	return 0
}

# --- used by the runner --------------------------------------------------------

# Messages that fail a test wherever they appear in a guest's kernel log.
VM_BAD_PATTERNS='BUG:|WARNING:|Oops|general protection|soft lockup|hung task|blocked for more than|refcount_t|Kernel panic|UBSAN:|list_add corruption|list_del corruption|kernel BUG at|Call Trace:'

# scan_kernel_log FILE...: print the offending lines (with file names) and
# return 1 when any file holds one of VM_BAD_PATTERNS.
scan_kernel_log() {
	local hits
	hits=$(grep -EHn -- "$VM_BAD_PATTERNS" "$@" 2>/dev/null)
	[ -z "$hits" ] && return 0
	echo "$hits" | head -n 40
	return 1
}

# cluster_boot: start $NODES guests for $KVER with the topology in $NETS
# ("0:1,2,3 1:2,3": network 0 joins nodes 1-3, network 1 nodes 2 and 3),
# $DISKS ("2x1G") and $MEM; waits until every agent is ready.
cluster_boot() {
	local i k spec members n ifidx netarg hosts="" pids=()
	local kernel=/boot/vmlinuz-$KVER
	declare -A ifcount=()

	for spec in $NETS; do
		k=${spec%%:*}
		mkdir -p "$RUN/sw$k"
		vde_switch -s "$RUN/sw$k/sock" -d -p "$RUN/sw$k/pid" -M "$RUN/sw$k/mgmt" \
			>"$RUN/sw$k/log" 2>&1 || {
			echo "cluster: vde_switch for network $k failed" >&2
			return 1
		}
	done
	for ((i = 1; i <= NODES; i++)); do
		hosts+="${hosts:+,}$i:$(ip_of "$i")"
	done

	for ((i = 1; i <= NODES; i++)); do
		local d=$RUN/node$i args=()
		mkdir -p "$d/io/cmd" "$d/io/out"
		netarg=""
		for spec in $NETS; do
			k=${spec%%:*}
			members=",${spec#*:},"
			[[ $members == *",$i,"* ]] || continue
			ifidx=${ifcount[$i]:-0}
			ifcount[$i]=$((ifidx + 1))
			netarg+="${netarg:+,}eth$ifidx:$(ip_of "$i" "$k")/24"
			args+=(-netdev "vde,id=n$k,sock=$RUN/sw$k/sock"
				-device "virtio-net-pci,netdev=n$k,mac=52:54:00:99:$(printf %02x "$k"):$(printf %02x "$i")")
		done
		if [ -n "$DISKS" ]; then
			local count=${DISKS%%x*} size=${DISKS#*x}
			for ((n = 0; n < count; n++)); do
				truncate -s "$size" "$d/disk$n.img"
				args+=(-drive "file=$d/disk$n.img,if=none,id=d$n,format=raw,cache=unsafe"
					-device "virtio-blk-pci,drive=d$n,serial=nacre-n${i}d$n")
			done
		fi
		qemu-system-x86_64 -name "nacre-node$i" -accel tcg -cpu max -smp "$SMP" -m "$MEM" \
			-display none -monitor none -no-reboot -nodefaults \
			-serial "file:$d/console.log" \
			-kernel "$kernel" -initrd "$INITRD" \
			-append "console=ttyS0 loglevel=5 panic=-1 nacre.init=$VM_LIB/guest-init nacre.node=$i nacre.kver=$KVER nacre.stage=$STAGE nacre.net=$netarg nacre.hosts=$hosts" \
			-fsdev "local,id=root,path=/,readonly=on,security_model=none,multidevs=remap" \
			-device "virtio-9p-pci,fsdev=root,mount_tag=hostroot" \
			-fsdev "local,id=io,path=$d/io,security_model=none" \
			-device "virtio-9p-pci,fsdev=io,mount_tag=nacreio" \
			-pidfile "$d/qemu.pid" \
			"${args[@]}" >"$d/qemu.log" 2>&1 &
		pids+=($!)
	done

	# Wait for every agent (boot is ~5-15 s under TCG; allow much more on a
	# loaded machine).
	local deadline=$((SECONDS + BOOT_TIMEOUT))
	for ((i = 1; i <= NODES; i++)); do
		while [ ! -e "$RUN/node$i/io/ready" ]; do
			if ! kill -0 "${pids[i - 1]}" 2>/dev/null; then
				echo "cluster: node $i exited during boot (see $RUN/node$i/console.log)" >&2
				tail -n 20 "$RUN/node$i/console.log" "$RUN/node$i/qemu.log" >&2
				return 1
			fi
			if ((SECONDS > deadline)); then
				echo "cluster: node $i not ready after ${BOOT_TIMEOUT}s" >&2
				tail -n 20 "$RUN/node$i/console.log" >&2
				return 1
			fi
			sleep 0.1
		done
	done
}

# node_kill NODE: power a guest off hard (kill -9 its QEMU), as a crashed
# machine; cluster_check then skips it.
node_kill() {
	local pid
	pid=$(cat "$RUN/node$1/qemu.pid" 2>/dev/null) || return 1
	kill -9 "$pid" && rm -f "$RUN/node$1/io/ready"
}

# cluster_check: unload every Nacre module on every live node, save each
# guest's dmesg, power the guests off.  Returns 1 when a module stays loaded.
cluster_check() {
	local i rc=0 pid
	for ((i = 1; i <= NODES; i++)); do
		[ -e "$RUN/node$i/io/ready" ] || continue
		pid=$(cat "$RUN/node$i/qemu.pid" 2>/dev/null) || continue
		kill -0 "$pid" 2>/dev/null || continue
		if ! ON_TIMEOUT=120 on "$i" unload_nacre; then
			echo "cluster: node $i: Nacre modules did not unload" >&2
			rc=1
		fi
		: >"$RUN/node$i/io/cmd/halt"
	done
	# Give the guests a moment to write dmesg and power off.
	local deadline=$((SECONDS + 30))
	for ((i = 1; i <= NODES; i++)); do
		pid=$(cat "$RUN/node$i/qemu.pid" 2>/dev/null) || continue
		while kill -0 "$pid" 2>/dev/null && ((SECONDS < deadline)); do
			sleep 0.1
		done
	done
	return $rc
}

# cluster_kill: stop whatever is left (QEMU, switches); safe to call twice.
cluster_kill() {
	local f pid
	for f in "$RUN"/node*/qemu.pid "$RUN"/sw*/pid; do
		[ -e "$f" ] || continue
		pid=$(cat "$f" 2>/dev/null) || continue
		[ -n "$pid" ] && kill -9 "$pid" 2>/dev/null
		rm -f "$f"
	done
	rm -f "$RUN"/node*/disk*.img
}
