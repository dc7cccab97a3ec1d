# Benchmark (prints figures; not part of --all): LNet between two guests
# against a raw TCP stream (iperf3) between the same two guests in the same
# run.  Bulk: lnetctl selftest 1 MiB PUTs and GETs, 8 in flight; small
# messages: zero-byte PUT round trips, 1 in flight (latency) and 16 in
# flight (message rate).  Run: scripts/bench.sh lnet
# nodes: 2
# nets: 0:1,2
# timeout: 900
# bench: yes

SECONDS_EACH=${BENCH_SECONDS:-10}
t=$(ip_of 2)@tcp
on_all load_nacre lnet
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0 && modprobe lnet_selftest'
on 1 "lnetctl ping $t >/dev/null"

# field NAME TEXT: the value of "NAME: value" in lnetctl's YAML.
field() { sed -n "s/^.*\\b$1: *//p" <<<"$2" | head -n 1; }

st() { on 1 "lnetctl selftest --nid $t --seconds $SECONDS_EACH $*" | sed 's/^\[node1\] //'; }

on 2 'iperf3 -s -D -1 >/dev/null'
sleep 1
tcp_bps=$(on 1 "iperf3 -c $(ip_of 2) -t $SECONDS_EACH -J" | sed 's/^\[node1\] //' |
	python3 -c 'import json,sys; print(int(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"] / 8))')

put=$(st --op put --size 1M --concurrency 8)
get=$(st --op get --size 1M --concurrency 8)
lat=$(st --op put --size 0 --concurrency 1)
rate=$(st --op put --size 0 --concurrency 16)

mib() { awk -v b="$1" 'BEGIN { printf "%.1f", b / 1048576 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }

kver=$(on 1 'uname -r' | sed 's/^\[node1\] //')
echo "== LNet benchmark (guest kernel $kver, 2 guests under TCG, ${SECONDS_EACH}s per figure)"
printf '%-34s %12s %8s\n' "measure" "value" "vs TCP"
printf '%-34s %9s MiB/s %8s\n' "raw TCP stream (iperf3)" "$(mib "$tcp_bps")" "1.00"
printf '%-34s %9s MiB/s %8s\n' "LNet PUT 1 MiB x8 (selftest)" "$(mib "$(field bytes_per_s "$put")")" \
	"$(ratio "$(field bytes_per_s "$put")" "$tcp_bps")"
printf '%-34s %9s MiB/s %8s\n' "LNet GET 1 MiB x8 (selftest)" "$(mib "$(field bytes_per_s "$get")")" \
	"$(ratio "$(field bytes_per_s "$get")" "$tcp_bps")"
printf '%-34s %9s ops/s\n' "small round trips x1" "$(field ops_per_s "$lat")"
printf '%-34s %9s us\n' "  latency avg (min..max)" "$(field avg "$lat") ($(field min "$lat")..$(field max "$lat"))"
printf '%-34s %9s ops/s\n' "small round trips x16 (msg rate)" "$(field ops_per_s "$rate")"
for r in "$put" "$get" "$lat" "$rate"; do
	[ "$(field errors "$r")" = 0 ] || { echo "selftest errors:"; echo "$r"; exit 1; }
done
