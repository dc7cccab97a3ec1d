#!/usr/bin/env bash
# The whole Nacre test suite, from a fresh Debian 12 machine (run as root):
# dependencies, builds for Debian's 6.1 and 6.12 kernels, unit tests,
# fuzzing, packages, the VM suite on 6.1 and the quick VM subset on 6.12.
# Ends with "N passed, N failed" and exits non-zero on any failure.
set -uo pipefail
cd "$(dirname "$0")/.."
TOP=$PWD
LOG=$TOP/build/test-logs
mkdir -p "$LOG"

passed=0
failed=0
failures=()
t_start=$SECONDS

count() { # count NAME OK: one result
	if [ "$2" = 0 ]; then
		passed=$((passed + 1))
	else
		failed=$((failed + 1))
		failures+=("$1")
	fi
}

# step NAME CMD...: run a step with its output in a log (shown on failure).
step() {
	local name=$1 t0=$SECONDS rc
	shift
	echo "=== $name"
	"$@" >"$LOG/$name.log" 2>&1
	rc=$?
	if [ $rc = 0 ]; then
		echo "--- ok: $name ($((SECONDS - t0))s)"
	else
		echo "--- FAILED: $name ($((SECONDS - t0))s), last lines of $LOG/$name.log:"
		tail -n 40 "$LOG/$name.log" | sed 's/^/    /'
	fi
	return $rc
}

# vm NAME ARGS...: a VM run; each VM test counts on its own.
vm() {
	local name=$1 line p f
	shift
	echo "=== $name"
	tests/vm/run "$@" | tee "$LOG/$name.log"
	line=$(grep -E '^vm: [0-9]+ passed, [0-9]+ failed$' "$LOG/$name.log" | tail -n 1)
	if [ -z "$line" ]; then
		count "$name" 1
		return
	fi
	p=$(echo "$line" | awk '{print $2}')
	f=$(echo "$line" | awk '{print $4}')
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" = 0 ] || failures+=("$name")
}

finish() {
	echo
	echo "# total time $((SECONDS - t_start))s"
	[ ${#failures[@]} -eq 0 ] || echo "# failed: ${failures[*]}"
	echo "$passed passed, $failed failed"
	[ "$failed" = 0 ]
	exit
}

step deps scripts/install-deps.sh
rc=$?
count deps $rc
[ $rc = 0 ] || finish

step build-6.1 make KVER=6.1 all
rc=$?
count build-6.1 $rc
step build-6.12 make KVER=6.12 modules
count build-6.12 $?
step sparse make KVER=6.1 sparse
count sparse $?

# Unit tests: each CMocka program is one ctest test; count them.
step unit make unit
rc=$?
if ut=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests failed out of [0-9]+' "$LOG/unit.log"); then
	total=$(echo "$ut" | awk '{print $NF}')
	nf=$(echo "$ut" | awk '{print $4}')
	passed=$((passed + total - nf))
	failed=$((failed + nf))
	[ "$nf" = 0 ] || failures+=(unit)
	[ $rc = 0 ] || [ "$nf" != 0 ] || count unit $rc
else
	count unit 1
fi

step fuzz make fuzz FUZZ_SECONDS=20
count fuzz $?

step rpm make rpm
count rpm $?

if [ "$rc" = 0 ] || [ -e build/kmod/"$(scripts/kver.sh 6.1)"/modules.order ]; then
	vm vm-6.1 --kernel 6.1 --all --jobs 2
	vm vm-6.12 --kernel 6.12 --quick --jobs 2
fi
finish
