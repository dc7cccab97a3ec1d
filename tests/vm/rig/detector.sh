# The rig's own failure detection: each case under rig/cases/ misbehaves in
# one way, and the runner must report that test as failed, for that reason,
# and leave no QEMU process behind.
# nodes: 0
# timeout: 600

out=$("$TOP/tests/vm/run" --kernel "$KVER" rig/cases/warn rig/cases/poke rig/cases/pin \
	rig/cases/timeout rig/cases/fail rig/cases/panic) && {
	echo "the runner passed tests that must fail:"
	echo "$out"
	exit 1
}
echo "$out"

expect() { # expect CASE REASON-REGEX
	echo "$out" | grep -Eq "^not ok - rig/cases/$1 \([0-9]+s\): .*$2" || {
		echo "detector: rig/cases/$1 did not fail with '$2'"
		exit 1
	}
}
expect warn 'bad kernel messages'
expect poke 'bad kernel messages'
expect pin 'module unload failed'
expect timeout 'timed out after 10s'
expect fail 'test exited 1'
expect panic 'bad kernel messages'
echo "$out" | grep -q '^vm: 0 passed, 6 failed$'
# The offending lines are shown to the developer.
echo "$out" | grep -q 'WARNING:.*nacre_rigcheck'
echo "$out" | grep -q 'still loaded: nacre_rigcheck'
echo "$out" | grep -q 'Kernel panic'

# The cases' guests are identified by their run directories (other runners,
# for other kernels, may have guests of their own).
if pgrep -f "qemu-system-x86_64 .*/vm-runs/$KVER/rig/cases/" >/dev/null; then
	echo "detector: QEMU processes left behind"
	pgrep -af "qemu-system-x86_64 .*/vm-runs/$KVER/rig/cases/"
	exit 1
fi
