# Benchmark (prints figures; not part of --all): the RPC layer against LNet
# between the same two guests in the same run.  LNet self-test from node 1
# to node 2: 1 MiB PUTs and GETs with 1 and 8 in flight, zero-byte round
# trips with 1, 8 and 32 in flight.  Echo RPCs from an echo client on node 1
# to an echo target on node 2: pings with 1, 8 and 32 in flight (rate, latency),
# 1 MiB writes (data 1 -> 2, as a PUT) and reads (2 -> 1, as a GET) with 1
# and 8 in flight, each sized by a short pilot run (which also warms up the
# connections) to last about BENCH_SECONDS (default 8).  Prints echo/self-
# test ratios; the goals are 0.85 or more for bulk and 0.9 or more for small
# RPCs with 8 and 32 in flight.  Run: scripts/bench.sh rpc
# nodes: 2
# nets: 0:1,2
# timeout: 900
# bench: yes

SECONDS_EACH=${BENCH_SECONDS:-8}
t=$(ip_of 2)@tcp
on_all load_nacre obdecho
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0 && modprobe lnet_selftest'
on 1 "lnetctl ping $t >/dev/null"
on 2 'lctl attach obdecho echo_srv && lctl --device echo_srv setup'
on 1 "lctl attach echo_client ec && lctl --device ec setup echo_srv_UUID $t"

strip() { sed 's/^\[node[0-9]*\] //'; }

# field NAME TEXT: the value of "NAME: value" in lnetctl's YAML.
field() { sed -n "s/^.*\\b$1: *//p" <<<"$2" | head -n 1; }

st() { on 1 "lnetctl selftest --nid $t --seconds $SECONDS_EACH $*" | strip; }

# echo_run OP CONCURRENCY COUNT [SIZE]: one echo_test, printed as
# "done errors bytes_per_s rpcs_per_s lat_min_us lat_avg_us lat_max_us".
# Rates come from bytes, done and the elapsed time, whatever lctl rounds.
echo_run() {
	local size=${4:+--size $4}
	on 1 "lctl --device ec echo_test --json --op $1 $size --concurrency $2 --count $3; true" | strip |
		python3 -c '
import json, sys
text = sys.stdin.read()
try:
    r = json.loads(text[text.index("{"):])["echo_test"]
except (ValueError, KeyError):
    sys.exit("echo_test printed no JSON result:\n" + text)
us = r.get("elapsed_us", r.get("usec", 0)) or 1
lat = r.get("latency_us", {})
print(r["done"], r["errors"], int(r.get("bytes", 0) * 1e6 / us), int(r["done"] * 1e6 / us),
      lat.get("min", r.get("lat_min_us", 0)), lat.get("avg", r.get("lat_avg_us", 0)),
      lat.get("max", r.get("lat_max_us", 0)))'
}

# echo_timed OP CONCURRENCY PILOT [SIZE]: a pilot run of PILOT RPCs, then
# as many as take about SECONDS_EACH at the pilot's rate (at least PILOT).
echo_timed() {
	local pilot count
	pilot=$(echo_run "$1" "$2" "$3" "${4:-}") || return 1
	count=$(awk -v r="$(cut -d' ' -f4 <<<"$pilot")" -v m="$3" -v s="$SECONDS_EACH" \
		'BEGIN { n = int(r * s); print (n < m ? m : n) }')
	echo_run "$1" "$2" "$count" "${4:-}"
}

# (a) LNet self-test.
put1=$(st --op put --size 1M --concurrency 1)
put8=$(st --op put --size 1M --concurrency 8)
get1=$(st --op get --size 1M --concurrency 1)
get8=$(st --op get --size 1M --concurrency 8)
small1=$(st --op put --size 0 --concurrency 1)
small8=$(st --op put --size 0 --concurrency 8)
small32=$(st --op put --size 0 --concurrency 32)
for r in "$put1" "$put8" "$get1" "$get8" "$small1" "$small8" "$small32"; do
	# An operation cut off at the end of a run counts as an error in the
	# self-test: allow 1 %, report it.
	e=$(field errors "$r") o=$(field operations "$r")
	[ "$e" = 0 ] || echo "note: self-test errors: $e of $o"
	[ $((e * 100)) -le "$o" ] || { echo "selftest errors:"; echo "$r"; exit 1; }
done

# (b) Echo RPCs.
ping1=$(echo_timed ping 1 100) || exit 1
ping8=$(echo_timed ping 8 400) || exit 1
ping32=$(echo_timed ping 32 800) || exit 1
write1=$(echo_timed write 1 4 1M) || exit 1
write8=$(echo_timed write 8 32 1M) || exit 1
read1=$(echo_timed read 1 4 1M) || exit 1
read8=$(echo_timed read 8 32 1M) || exit 1
for r in "$ping1" "$ping8" "$ping32" "$write1" "$write8" "$read1" "$read8"; do
	echo "echo_test: $r"
	[ "$(cut -d' ' -f2 <<<"$r")" = 0 ] || { echo "echo_test errors: $r"; exit 1; }
done

col() { cut -d' ' -f"$2" <<<"$1"; } # col RESULT N: field N of an echo_run result
mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", b ? a / b : 0 }'; }

kver=$(on 1 'uname -r' | strip)
echo "== RPC benchmark (guest kernel $kver, 2 guests under TCG, about ${SECONDS_EACH}s per figure)"
printf '%-30s %17s %17s %9s\n' "measure" "LNet self-test" "echo RPC" "echo/LNet"
goal_missed=""
bulk() { # bulk LABEL SELFTEST_YAML ECHO_RESULT
	local st_bps echo_bps r
	st_bps=$(field bytes_per_s "$2")
	echo_bps=$(col "$3" 3)
	r=$(ratio "$echo_bps" "$st_bps")
	printf '%-30s %11s MiB/s %11s MiB/s %9s\n' "$1" "$(mib "$st_bps")" "$(mib "$echo_bps")" "$r"
	if awk -v r="$r" 'BEGIN { exit !(r < 0.85) }'; then
		goal_missed+="${goal_missed:+;} $1 ($r)"
	fi
}
bulk "1 MiB write, 1 in flight" "$put1" "$write1"
bulk "1 MiB write, 8 in flight" "$put8" "$write8"
bulk "1 MiB read, 1 in flight" "$get1" "$read1"
bulk "1 MiB read, 8 in flight" "$get8" "$read8"
small() { # small LABEL SELFTEST_YAML ECHO_RESULT [GOAL]
	local r
	r=$(ratio "$(col "$3" 4)" "$(field ops_per_s "$2")")
	printf '%-30s %11s ops/s %11s RPC/s %9s\n' "$1" "$(field ops_per_s "$2")" "$(col "$3" 4)" "$r"
	if [ -n "${4:-}" ] && awk -v r="$r" -v g="$4" 'BEGIN { exit !(r < g) }'; then
		small_missed+="${small_missed:+;} $1 ($r)"
	fi
	printf '%-30s %17s %17s\n' "  latency us avg (min..max)" \
		"$(field avg "$2") ($(field min "$2")..$(field max "$2"))" \
		"$(col "$3" 6) ($(col "$3" 5)..$(col "$3" 7))"
}
small "small, 1 in flight" "$small1" "$ping1"
small_missed=""
small "small, 8 in flight" "$small8" "$ping8" 0.9
small "small, 32 in flight" "$small32" "$ping32" 0.9
echo "(writes against self-test PUTs, reads against GETs, pings against zero-byte PUT round trips)"
if [ -z "$goal_missed" ]; then
	echo "goal: bulk >= 0.85 x LNet self-test: met"
else
	echo "goal: bulk >= 0.85 x LNet self-test: NOT met for$goal_missed"
fi
if [ -z "$small_missed" ]; then
	echo "goal: small RPCs (8 and 32 in flight) >= 0.9 x LNet self-test: met"
else
	echo "goal: small RPCs (8 and 32 in flight) >= 0.9 x LNet self-test: NOT met for$small_missed"
fi
