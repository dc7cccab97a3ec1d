# Bad input on the LNet TCP acceptor: node 2 sends node 1 (port 988) one
# kind of malformed, truncated or refused input per connection with
# lnet-poke (tests/tools), from garbage instead of an acceptor request to a
# stalled LNet payload after a correct handshake.  Node 1 must close every
# one of them (at once when it can tell, after its timeout when the peer
# stalls), say why in its kernel log, and keep working: a correct handshake
# is still answered, LNet pings between the nodes work, the modules unload.
# nodes: 2
# nets: 0:1,2
# timeout: 600

# Short timeouts, so that the stalled connections end in seconds: ksocklnd's
# sock_timeout here, the acceptor's and the HELLO's are 5 s by default.
on 1 'load_nacre lnet && load_nacre ksocklnd sock_timeout=5'
on 1 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 1 'test "$(cat /sys/module/ksocklnd/parameters/sock_timeout)" = 5'

# poke SCENARIO MIN MAX: node 2 sends SCENARIO's input to node 1, which must
# close the connection (lnet-poke exits 0) between MIN and MAX seconds after
# the input: soon for input it refuses on sight, after a timeout for a stall.
poke() {
	on 2 "lnet-poke --timeout 20 $(ip_of 1) $1 >/tmp/poke.out; rc=\$?; cat /tmp/poke.out; [ \$rc = 0 ] &&
		awk -v min=$2 -v max=$3 '/^closed after/ { t = \$3 + 0; ok = t >= min && t <= max }
			END { if (!ok) print \"closed outside [\" min \", \" max \"] s\"; exit !ok }' /tmp/poke.out"
}

# A correct acceptor request and HELLO are answered: the refusals below are
# about the input, not the setup.
on 2 "lnet-poke $(ip_of 1) valid"

# Refused on sight: the acceptor request, then the HELLO (ksocklnd), then,
# after a correct handshake, the socklnd and LNet headers.
for sc in garbage bad-magic wrong-nid unprivileged \
	hello-v1 hello-v4 hello-bad-type hello-many-ips hello-wrong-dst \
	bad-ksock-type huge-payload; do
	poke $sc 0 4
done
# Stalls: the acceptor's and the HELLO's 5 s, then sock_timeout (5 s, checked
# once a second) mid-header and mid-payload.
for sc in short-acceptor short-hello stall-mid-message truncated-payload; do
	poke $sc 4 12
done

# A burst: 40 connections at once, mixed good and bad; every one ends.
on 2 "for k in \$(seq 8); do for sc in garbage bad-magic hello-v1 huge-payload valid; do
	lnet-poke --timeout 30 $(ip_of 1) \$sc >/dev/null & done; done; fails=0
	for j in \$(jobs -p); do wait \$j || fails=\$((fails + 1)); done; echo \"burst: \$fails failed\"; sleep 2; [ \$fails = 0 ]"

# A flood of connections from made-up NIDs does not grow the peer table
# without bound, nor push out a peer in use: with at most 50 unconfigured
# peers, 150 NIDs (each a handshake and one PUT, lnet-poke peer-flood)
# leave 45-50 of them, while node 2's own NID (10.99.0.2@tcp, sending an
# LNet message every second meanwhile) keeps its peer; once their idle
# timeout (3 s here) passes, no flood peer is left.
on 1 'echo 50 >/sys/module/lnet/parameters/peer_max_unconfigured'
on 2 "(while :; do lnet-poke --timeout 8 $(ip_of 1) truncated-payload >/dev/null 2>&1 & sleep 1; done) & k=\$!
	lnet-poke --timeout 20 --count 150 $(ip_of 1) peer-flood; rc=\$?; kill \$k; wait; exit \$rc"
flood_peers='lnetctl peer show | grep -c "primary nid: 10.98."'
on 1 "n=\$($flood_peers); echo \"peers from the flood: \$n\"; [ \$n -ge 45 ] && [ \$n -le 50 ] &&
	lnetctl peer show | grep -q 'primary nid: $(ip_of 2)@tcp'"
on 1 "echo 3 >/sys/module/lnet/parameters/peer_idle_timeout; for k in \$(seq 30); do
	n=\$($flood_peers); [ \$n = 0 ] && { echo \"aged out within \$k s\"; exit 0; }; sleep 1; done
	echo \"\$n peers from the flood left\"; exit 1"
on 1 'echo 1024 >/sys/module/lnet/parameters/peer_max_unconfigured &&
	echo 300 >/sys/module/lnet/parameters/peer_idle_timeout'

# Node 1's ping reply advertises Multi-Rail and discovery (features 0x1e,
# as Lustre 2.16.1's), so it takes discovery PUSHes: node 2's push adds to
# node 2's peer the NI it did not know (10.98.200.1@tcp), and neither node
# 1's own NID nor an NI marked down (10.98.200.2@tcp).
on 2 "lnet-poke --timeout 20 $(ip_of 1) push"
on 1 "lnetctl peer show >/tmp/peers; awk '/primary nid:/ { p = index(\$0, \"$(ip_of 2)@tcp\") > 0 } p' /tmp/peers |
	tee /tmp/p2; grep -q 'nid: 10.98.200.1@tcp' /tmp/p2 && ! grep -q 'nid: 10.98.200.2@tcp' /tmp/peers &&
	! grep -q 'nid: $(ip_of 1)@tcp' /tmp/peers"

# Nothing stayed open, and the acceptor still answers.
on 1 'ss -tn state established "( sport = :988 )" | tee /tmp/ss; test "$(grep -c :988 /tmp/ss)" = 0'
on 2 "lnet-poke $(ip_of 1) valid"

# Node 1 said why it closed each connection.
on 1 'dmesg >/tmp/dmesg'
for why in 'bad acceptor request' 'not a privileged port' 'is not ours' 'no acceptor request' \
	'no HELLO' 'unsupported socklnd protocol version' 'HELLO has an unknown connection type' \
	'HELLO lists too many IP addresses' 'to 200000a6300fa refused' 'unknown socklnd message type' \
	'LNet payload longer than the 1 MiB limit' 'stalled mid-message'; do
	on 1 "grep -F -- '$why' /tmp/dmesg" || {
		echo "node 1 did not log: $why"
		exit 1
	}
done
on 1 'test "$(grep -cF "stalled mid-message" /tmp/dmesg)" -ge 2'

# LNet still works both ways (node 1's peer 10.99.0.2@tcp is the one the
# pokes' handshakes created).
on 2 'load_nacre lnet && lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'

# Silent connections do not hold up others: node 2 opens 4 connections to
# node 1's acceptor that send 10 of the 16 bytes of a request, then
# nothing; its first ping of node 1 (3 new connections to the same
# acceptor) is answered within 2 s, not after the silent ones' timeouts.
on 2 "for k in 1 2 3 4; do lnet-poke --timeout 20 $(ip_of 1) short-acceptor >/dev/null & done; sleep 1
	t0=\$(date +%s%N); lnetctl ping $(ip_of 1)@tcp >/tmp/ping; rc=\$?; t1=\$(date +%s%N)
	ms=\$(( (t1 - t0) / 1000000 )); echo \"ping beside 4 silent connections: rc \$rc, \$ms ms\"
	cat /tmp/ping; wait; [ \$rc = 0 ] && [ \$ms -lt 2000 ]"

# A push cannot draw another node's traffic: the NID node 2 pushed that
# nobody had (10.98.200.1@tcp, above) is not used for Multi-Rail (nor
# replaced by node 2's) until a ping confirms it, so node 1's pings of it
# fail and none of them reaches node 2.
recv2="lnetctl stats show | awk '\$1 == \"recv_count:\" { print \$2 }'"
on 2 "$recv2 >/tmp/recv.before"
on 1 'for i in 1 2 3 4; do ! lnetctl ping --timeout 2000 10.98.200.1@tcp >/dev/null 2>&1 || exit 1; done'
on 2 "b=\$(cat /tmp/recv.before); a=\$($recv2); echo \"node 2 received \$b -> \$a messages\"; [ \"\$a\" = \"\$b\" ]"

on 2 "lnetctl ping $(ip_of 1)@tcp | tee /tmp/ping; grep -q 'primary nid: $(ip_of 1)@tcp' /tmp/ping"
on 1 "lnetctl ping $(ip_of 2)@tcp | tee /tmp/ping; grep -q 'primary nid: $(ip_of 2)@tcp' /tmp/ping"

on_all 'lnetctl lnet unconfigure && rmmod ksocklnd lnet'
