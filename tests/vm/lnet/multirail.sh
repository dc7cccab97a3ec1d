# Multi-Rail: two nodes on two networks each.  Discovery records node 2 as
# one Multi-Rail peer with both NIDs; bulk traffic to its first NID uses
# both rails; when one rail fails (its interface down on node 2) the sends
# on it fail, its peer NI loses health and traffic stays on the other rail;
# when the rail returns, recovery pings bring its health back.
# nodes: 2
# nets: 0:1,2 1:1,2
# timeout: 420
# exclusive: yes

p1=$(ip_of 2 0)@tcp
p2=$(ip_of 2 1)@tcp1
on_all load_nacre lnet
on_all 'modprobe ksocklnd sock_timeout=5'
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0 && lnetctl net add --net tcp1 --if eth1'
on 2 'modprobe lnet_selftest'
on 1 "lnetctl discover $p1 | tee /tmp/d; grep -q 'Multi-Rail: True' /tmp/d && grep -q 'nid: $p2' /tmp/d"

# sends NID: the send_count of that peer NI in "peer show -v".
sends() {
	on 1 "lnetctl peer show -v | awk '/- nid: /{n=\$3} /send_count:/{if (n==\"$1\") print \$2}'" |
		sed 's/^\[node1\] //' | tail -n 1
}
on 1 "lnetctl selftest --nid $p1 --size 1M --concurrency 8 --seconds 3 | tee /tmp/st; grep -q 'errors: 0' /tmp/st"
a=$(sends "$p1")
b=$(sends "$p2")
echo "sends: $p1 $a, $p2 $b"
[ "${a:-0}" -ge 5 ] && [ "${b:-0}" -ge 5 ] || { echo "traffic did not use both rails"; exit 1; }

# Rail 2 fails: traffic keeps going on rail 1.
on 2 'ip link set eth1 down'
on 1 "lnetctl selftest --nid $p1 --size 64k --concurrency 4 --seconds 10 | tee /tmp/st; grep -qE 'operations: [1-9]' /tmp/st"
on 1 "lnetctl peer show -v | tee /tmp/peers; grep -A16 'nid: $p2' /tmp/peers | grep -qE 'health value: ([0-9]|[1-9][0-9]|[1-9][0-9][0-9])\$'"
b1=$(sends "$p2")
on 1 "lnetctl selftest --nid $p1 --size 64k --concurrency 4 --seconds 3 | tee /tmp/st; grep -q 'errors: 0' /tmp/st"
b2=$(sends "$p2")
echo "rail 2 sends while down: $b1 -> $b2"

# Rail 2 returns: recovery pings restore its health.
on 2 'ip link set eth1 up'
on 1 "for k in \$(seq 40); do lnetctl peer show -v | grep -A16 'nid: $p2' | grep -q 'health value: 1000' && exit 0; sleep 1; done; lnetctl peer show -v; exit 1"
on 1 "lnetctl selftest --nid $p1 --size 1M --concurrency 8 --seconds 3 | grep -q 'errors: 0'"
