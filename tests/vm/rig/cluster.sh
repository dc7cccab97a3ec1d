# Three guests on two private networks (unix-socket switches, addresses only
# inside the guests): node 2 sits on both.  Each guest has its own disks, and
# every guest reaches the others on the networks they share.
# nodes: 3
# nets: 0:1,2,3 1:2,3
# disks: 2x256M
# timeout: 240
# quick: yes

for i in 1 2 3; do
	on $i "hostname | grep -qx node$i"
	on $i "ip -4 -o addr show dev eth0 | grep -q ' $(ip_of $i)/24 '"
	# Disks are per guest: write this node's name, read it back later.
	on $i "test \$(blockdev --getsize64 $(disk_of $i 1)) = 268435456"
	on $i "echo node$i | dd of=$(disk_of $i 0) bs=512 count=1 conv=sync,fsync status=none"
done
on 2 "ip -4 -o addr show dev eth1 | grep -q ' $(ip_of 2 1)/24 '"
on 3 "ip -4 -o addr show dev eth1 | grep -q ' $(ip_of 3 1)/24 '"
fails on 1 "ip link show dev eth1"

# Reachability over both networks, all pairs, at once.
on_all 'for j in 1 2 3; do ping -c 2 -W 5 -q 10.99.0.$j >/dev/null || { echo "no route to node$j"; exit 1; }; done'
on 2 "ping -c 2 -W 5 -q $(ip_of 3 1)"
on 3 "ping -c 2 -W 5 -q node2"
# Network 1 is not reachable from node 1 (it has no interface there).
fails on 1 "ping -c 1 -W 2 -q $(ip_of 3 1)"

for i in 1 2 3; do
	on $i "head -c 5 $(disk_of $i 0) | grep -qx node$i"
done

# TCP between guests: a stream of 8 MiB from node 1 to node 3, checksummed.
on 3 '(busybox nc -l -p 5001 | md5sum >/tmp/rx.md5) >/dev/null 2>&1 &'
on 1 'head -c 8M /dev/urandom >/tmp/tx; md5sum </tmp/tx >/tmp/tx.md5; sleep 1; cat /tmp/tx >/dev/tcp/10.99.0.3/5001'
sum=$(on 1 'cat /tmp/tx.md5' | sed 's/^\[node1\] //')
on 3 "for k in \$(seq 50); do [ -s /tmp/rx.md5 ] && break; sleep 0.2; done; cat /tmp/rx.md5; grep -q '${sum%% *}' /tmp/rx.md5"

# Every guest loads and unloads the rig module (the runner checks unload too).
on_all load_nacre nacre_rigcheck
