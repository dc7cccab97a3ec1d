# Helpers for commands that run inside a rig guest (sourced before each one).

# The Nacre modules installed in this guest (module names, from the staged
# updates/nacre directory).
nacre_modules() {
	local f
	for f in /lib/modules/"$(uname -r)"/updates/nacre/*.ko; do
		[ -e "$f" ] || continue
		f=${f##*/}
		f=${f%.ko}
		echo "${f//-/_}"
	done
}

# load_nacre MODULE [ARGS...]: modprobe with a message that names the module.
load_nacre() {
	modprobe "$@" || {
		echo "load_nacre: modprobe $* failed" >&2
		return 1
	}
}

# unload_nacre: unconfigure LNet, then remove every loaded Nacre module,
# dependents first (retrying while that makes progress).  Fails, listing
# them, if any stays loaded.
unload_nacre() {
	local m left progress=1
	# LNet pins its modules while configured: take it down first, as
	# Lustre's lustre_rmmod does.
	# Lustre devices first, newest first (lustre_rmmod does the same): they
	# pin their modules and their services keep LNet up.
	if [ -e /dev/obd ] && command -v lctl >/dev/null; then
		for m in $(lctl dl | awk '{print $1}' | sort -rn); do
			lctl --device "$m" cleanup force >/dev/null 2>&1
			lctl --device "$m" detach || echo "unload_nacre: detach of device $m failed" >&2
		done
	fi
	# Services using LNet keep it up (unconfigure says EBUSY): they go first.
	for m in lnet_selftest; do
		grep -q "^$m " /proc/modules && rmmod "$m"
	done
	if grep -q '^lnet ' /proc/modules && command -v lnetctl >/dev/null; then
		lnetctl lnet unconfigure || echo "unload_nacre: lnetctl lnet unconfigure failed" >&2
	fi
	while [ "$progress" = 1 ]; do
		progress=0
		left=()
		for m in $(nacre_modules); do
			grep -q "^$m " /proc/modules || continue
			if rmmod "$m" 2>/dev/null; then
				progress=1
			else
				left+=("$m")
			fi
		done
	done
	if [ ${#left[@]} -gt 0 ]; then
		echo "unload_nacre: still loaded: ${left[*]}" >&2
		grep -E "^($(
			IFS='|'
			echo "${left[*]}"
		)) " /proc/modules >&2
		return 1
	fi
}

# fails_with TEXT CMD...: CMD exits non-zero and its output (stdout and
# stderr) contains TEXT.
fails_with() {
	local text=$1 out rc
	shift
	out=$("$@" 2>&1)
	rc=$?
	printf '%s\n' "$out"
	if [ "$rc" -eq 0 ]; then
		echo "fails_with: succeeded: $*" >&2
		return 1
	fi
	grep -qF -- "$text" <<<"$out" || {
		echo "fails_with: no \"$text\" in the output of: $*" >&2
		return 1
	}
}
