# Routing: node 1 is on tcp0 only, node 3 on tcp1 only, node 2 on both and
# forwards ("lnetctl set routing 1").  Pings and 1 MiB self-test PUTs and
# GETs cross the router both ways; with more in flight than the router has
# buffers they wait for them, and its memory stays put; with forwarding
# off they stop; route errors name their cause; the router's counters show
# the forwarded traffic.
# nodes: 3
# nets: 0:1,2 1:2,3
# timeout: 400
# exclusive: yes

gw0=$(ip_of 2 0)@tcp
gw1=$(ip_of 2 1)@tcp1
n1=$(ip_of 1 0)@tcp
n3=$(ip_of 3 1)@tcp1

on 1 load_nacre lnet
on 3 load_nacre lnet
# Few 1 MiB router buffers, so that forwarding has to wait for them.
on 2 load_nacre lnet large_router_buffers=4 small_router_buffers=16
on 1 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 2 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0 && lnetctl net add --net tcp1 --if eth1'
on 3 'lnetctl lnet configure && lnetctl net add --net tcp1 --if eth0'
on 2 'lnetctl set routing 1 && lnetctl global show | tee /tmp/g; grep -q "routing: 1" /tmp/g'

# Route errors: a gateway off our networks, a duplicate, a missing route.
on 1 "fails_with 'not on a local network' lnetctl route add --net tcp1 --gateway 10.99.5.2@tcp5"
on 1 "lnetctl route add --net tcp1 --gateway $gw0"
on 1 "fails_with 'already exists' lnetctl route add --net tcp1 --gateway $gw0"
on 1 "fails_with 'no such route' lnetctl route del --net tcp7"
on 3 "lnetctl route add --net tcp0 --gateway $gw1 --hop 1 --priority 2"
on 1 "lnetctl route show -v | tee /tmp/r; grep -q 'net: tcp1' /tmp/r && grep -q 'gateway: $gw0' /tmp/r"
on 3 "lnetctl route show -v | tee /tmp/r; grep -q 'priority: 2' /tmp/r"

# Across the router, both ways.
on 1 "lnetctl ping $n3 | tee /tmp/p; grep -q 'primary nid: $n3' /tmp/p"
on 3 "lnetctl ping $n1 | tee /tmp/p; grep -q 'primary nid: $n1' /tmp/p"

# Bulk through the router: 1 MiB PUTs and GETs with several in flight.
on 1 'modprobe lnet_selftest'
on 3 'modprobe lnet_selftest'
on 1 "lnetctl selftest --nid $n3 --op put --size 1M --concurrency 4 --seconds 3 | tee /tmp/st; grep -q 'errors: 0' /tmp/st && grep -qE 'operations: [1-9]' /tmp/st"
on 3 "lnetctl selftest --nid $n1 --op get --size 1M --concurrency 4 --seconds 3 | tee /tmp/st; grep -q 'errors: 0' /tmp/st && grep -qE 'operations: [1-9]' /tmp/st"
on 2 'lnetctl stats show | tee /tmp/s; grep -qE "route_count: [1-9]" /tmp/s && grep -qE "route_length: [1-9][0-9]{6}" /tmp/s'
on 2 'lnetctl peer show -v | tee /tmp/peers; grep -q "10.99.0.1@tcp" /tmp/peers && grep -q "10.99.1.3@tcp1" /tmp/peers'

# The router's buffers are a fixed pool (4 of 1 MiB here): 16 PUTs of
# 1 MiB in flight through it all arrive, the ones that found no buffer
# waiting for one (route_wait_count) without being read meanwhile, and
# the router's memory does not grow with what is in flight (sampled while
# it forwards, less what its TCP sockets hold; forwarding into fresh pages
# would take about 16 MiB more).  The router's way out to tcp1 is slowed
# to 40 Mbit/s, so that forwarded messages hold their buffers for a while
# however fast the guests happen to run.
rwait="lnetctl stats show | awk '\$1 == \"route_wait_count:\" { print \$2 }'"
sample="awk '/^MemAvailable:/ { m = \$2 } END { printf \"%d \", m }' /proc/meminfo
	awk '\$1 == \"TCP:\" { for (i = 2; i < NF; i++) if (\$i == \"mem\") print \$(i + 1) * 4 }' /proc/net/sockstat"
on 2 "modprobe sch_tbf && tc qdisc add dev eth1 root tbf rate 40mbit burst 32kb latency 400ms
	$rwait >/tmp/w0; { $sample; } >/tmp/m0
	(for i in \$(seq 40); do { $sample; }; sleep 0.2; done >/tmp/mem) &"
on 1 "lnetctl selftest --nid $n3 --op put --size 1M --concurrency 16 --seconds 6 | tee /tmp/st; grep -q 'errors: 0' /tmp/st && grep -qE 'operations: [1-9]' /tmp/st"
on 2 "sleep 2; tc qdisc del dev eth1 root; w0=\$(cat /tmp/w0); w1=\$($rwait)
	read m0 t0 </tmp/m0; grown=\$(awk -v m0=\$m0 -v t0=\$t0 '{ g = (m0 - \$1) - (\$2 - t0); if (g > max) max = g } END { print max + 0 }' /tmp/mem)
	echo \"route_wait_count \$w0 -> \$w1; MemAvailable \$m0 kB, TCP \$t0 kB; most grown while forwarding, less TCP: \$grown kB\"
	[ \"\$w1\" -gt \"\$w0\" ] && [ \$grown -lt 10240 ]"
# 'lnetctl routing show' (Lustre's layout) shows the 4 large buffers, all
# free again, and that messages waited for one (mincredits below 0); the
# sender's peer NI shows its router credits.
on 2 "lnetctl routing show | tee /tmp/rs; awk '/large:/ { l = 1 } l && /nbuffers:/ { nb = \$2 }
	l && /credits:/ && !/min/ { cr = \$2 } l && /mincredits:/ { mc = \$2; l = 0 }
	END { exit !(nb == 4 && cr == 4 && mc < 0) }' /tmp/rs && grep -q 'enable: 1' /tmp/rs"
on 2 "lnetctl peer show -v | tee /tmp/pv; grep -q 'min_rtr_credits:' /tmp/pv"

# Forwarding off: the traffic stops (bounded wait), and comes back.
on 2 'lnetctl set routing 0'
on 1 "! lnetctl ping $n3 --timeout 2000"
on 2 'lnetctl set routing 1'
on 1 "lnetctl ping $n3 >/dev/null"

on 1 "lnetctl route del --net tcp1 && ! lnetctl route show | grep -q tcp1"
on 1 "fails_with 'no local network reaches' lnetctl ping $n3 --timeout 2000"
