# LNet over TCP between three guests: ksocklnd loads on demand for
# "net add", every node pings every other (acceptor request, HELLO V3 and
# typed connections set up as Lustre does), many pings reuse the
# connections, counters move, and a capture of the traffic decodes with
# tshark's LNet dissector without a malformed frame.
# nodes: 3
# nets: 0:1,2,3
# timeout: 300
# quick: yes

on_all load_nacre lnet
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on_all 'grep -q "^ksocklnd " /proc/modules'
for i in 1 2 3; do
	on $i "lnetctl net show --net tcp0 | tee /tmp/show; grep -q 'nid: $(ip_of $i)@tcp' /tmp/show"
done

# Capture node 1's LNet traffic from the first connection on.
on 1 '(dumpcap -q -i eth0 -f "tcp port 988" -w /nacre-io/lnet.pcapng >/dev/null 2>&1 &) ; sleep 3'

for i in 1 2 3; do
	for j in 1 2 3; do
		[ $i = $j ] && continue
		on $i "lnetctl ping $(ip_of $j)@tcp | tee /tmp/ping.$j; grep -q 'primary nid: $(ip_of $j)@tcp' /tmp/ping.$j && grep -q 'nid: $(ip_of $j)@tcp' /tmp/ping.$j"
	done
done
# The acceptor saw privileged source ports and three connections per pair.
on 2 'ss -tn state established "( sport = :988 or dport = :988 )" | tee /tmp/ss; test $(grep -c 10.99.0.1 /tmp/ss) -eq 3'

# Many pings on the established connections, from two nodes at once.
on 1 'for k in $(seq 100); do lnetctl ping 10.99.0.2@tcp >/dev/null || exit 1; done' &
on 3 'for k in $(seq 100); do lnetctl ping 10.99.0.2@tcp >/dev/null || exit 1; done'
wait $! || { echo "pings from node 1 failed"; exit 1; }
on 2 'lnetctl net show --net tcp0 -v | tee /tmp/showv; grep -qE "recv_count: [2-9][0-9]{2}" /tmp/showv'

# Unreachable: a NID nobody has fails in bounded time with a reason.
on 1 'time (! lnetctl ping 10.99.0.77@tcp --timeout 5 2>&1 | tee /tmp/err); test -s /tmp/err'

# Peers and counters after the traffic; discovery records a peer.
on 1 "lnetctl peer show -v | tee /tmp/peers; grep -q 'primary nid: $(ip_of 2)@tcp' /tmp/peers && grep -q 'max_ni_tx_credits: 8' /tmp/peers"
on 1 "lnetctl discover $(ip_of 3)@tcp | tee /tmp/d; grep -q 'primary nid: $(ip_of 3)@tcp' /tmp/d"
on 1 'lnetctl stats show | tee /tmp/s; grep -qE "send_count: [1-9]" /tmp/s && grep -qE "recv_count: [1-9]" /tmp/s'

# A network removed while bulk traffic to it is in flight: the traffic
# fails or finishes, nothing hangs; the network comes back.
on 2 'modprobe lnet_selftest'
on 3 "(lnetctl selftest --nid $(ip_of 2)@tcp --size 1M --concurrency 8 --seconds 6 >/tmp/st 2>&1; echo rc=\$? >>/tmp/st) </dev/null >/dev/null 2>&1 &"
sleep 3
on 2 'lnetctl net del --net tcp0 && ! lnetctl net show | grep -q "@tcp"'
on 2 'lnetctl net add --net tcp0 --if eth0'
on 3 'for k in $(seq 60); do grep -q "^rc=" /tmp/st && break; sleep 1; done; cat /tmp/st; grep -q "^rc=" /tmp/st'
on 3 "for k in 1 2 3 4 5; do lnetctl ping $(ip_of 2)@tcp >/dev/null && exit 0; sleep 1; done; exit 1"
on 2 'rmmod lnet_selftest'

# The module-parameter form: options lnet networks="tcp0(eth0)".
on 1 'lnetctl lnet unconfigure && rmmod ksocklnd lnet'
on 1 'modprobe lnet "networks=tcp0(eth0)" && lnetctl lnet configure --all'
on 1 "lnetctl net show | grep -q 'nid: $(ip_of 1)@tcp' && lnetctl ping $(ip_of 2)@tcp >/dev/null"

on 1 'sleep 1; pkill dumpcap; sleep 1'
cap=$RUN/node1/io/lnet.pcapng
test -s "$cap" || { echo "no capture"; exit 1; }
frames=$(tshark -r "$cap" -d tcp.port==988,lnet -Y lnet 2>/dev/null | wc -l)
malformed=$(tshark -r "$cap" -d tcp.port==988,lnet -Y _ws.malformed 2>/dev/null | wc -l)
gets=$(tshark -r "$cap" -d tcp.port==988,lnet -Y "lnet.msg_type == 2" 2>/dev/null | wc -l)
replies=$(tshark -r "$cap" -d tcp.port==988,lnet -Y "lnet.msg_type == 3" 2>/dev/null | wc -l)
echo "capture: $frames LNet frames, $gets GET, $replies REPLY, $malformed malformed"
[ "$malformed" = 0 ] || { tshark -r "$cap" -d tcp.port==988,lnet -Y _ws.malformed | head; exit 1; }
[ "$gets" -ge 100 ] && [ "$replies" -ge 100 ] || { echo "too few LNet frames decoded"; exit 1; }

on_all unload_nacre
