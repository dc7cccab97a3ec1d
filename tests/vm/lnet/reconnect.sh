# Reconnect: after node 2's LNet is unloaded and loaded again (a new
# incarnation), node 1 reaches it again on new connections; the old ones
# are closed, and both directions work.  Also a node that goes away
# mid-conversation: pings fail in bounded time and come back with it.
# nodes: 2
# nets: 0:1,2
# timeout: 300
# exclusive: yes

n1=$(ip_of 1)@tcp
n2=$(ip_of 2)@tcp
on_all load_nacre lnet
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 1 "lnetctl ping $n2 >/dev/null && lnetctl ping $n2 >/dev/null"
on 2 "lnetctl ping $n1 >/dev/null"

for round in 1 2; do
	on 2 'lnetctl lnet unconfigure && rmmod ksocklnd lnet'
	on 1 "! lnetctl ping $n2 --timeout 3000 2>/dev/null"
	on 2 'modprobe lnet && lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
	on 1 "for k in 1 2 3 4 5; do lnetctl ping $n2 >/dev/null && exit 0; sleep 1; done; exit 1"
	on 2 "lnetctl ping $n1 >/dev/null"
	# Node 1 keeps only live connections to node 2 (three, typed).
	on 1 "sleep 1; test \$(ss -tn state established '( dport = :988 or sport = :988 )' | grep -c $(ip_of 2)) -le 6"
done
on 1 'dmesg | grep -qE "closed connection|peer restarted"'

# The peer's network interface goes down: pings fail, then recover.
on 2 'ip link set eth0 down'
on 1 "! lnetctl ping $n2 --timeout 2000 2>/dev/null"
on 2 'ip link set eth0 up'
on 1 "for k in \$(seq 20); do lnetctl ping $n2 >/dev/null 2>&1 && exit 0; sleep 1; done; exit 1"

# Unconfigure while pings wait for a peer that went silent: they fail at
# once, nothing is left behind (the rig checks the log and the unload).
on 2 'ip link set eth0 down'
on 1 "for k in 1 2 3 4; do lnetctl ping $n2 --timeout 20000 >/dev/null 2>&1 & done; sleep 3
	time lnetctl lnet unconfigure; for j in \$(jobs -p); do ! wait \$j || exit 1; done"
on 2 'ip link set eth0 up'
on 1 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 1 "for k in \$(seq 20); do lnetctl ping $n2 >/dev/null 2>&1 && exit 0; sleep 1; done; exit 1"
