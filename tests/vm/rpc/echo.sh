# The RPC layer without a file system: an echo target on node 1, echo
# clients on nodes 2 and 3.  Pings, then writes and reads of several bulk
# sizes (one page, 1 MiB + 4 KiB: two LNet MDs, 4 MiB: four) with every byte
# checked against a pattern on the other side and crc32c bulk checksums; 64
# clients (32 devices per node, each its own connection) at once on one
# service; the device list, parameters, stats and the kernel debug log;
# the capture decodes as Lustre RPCs with tshark; clean shutdown.
# nodes: 3
# nets: 0:1,2,3
# timeout: 900
# quick: yes

on_all load_nacre obdecho
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
srv=$(ip_of 1)@tcp

on 1 '(dumpcap -q -i eth0 -f "tcp port 988" -w /nacre-io/rpc.pcapng >/dev/null 2>&1 &) ; sleep 3'
on 1 'lctl attach obdecho echo_srv && lctl --device echo_srv setup && lctl dl | tee /tmp/dl'
on 1 "grep -Eq '^ *0 UP obdecho echo_srv echo_srv_UUID [0-9]+$' /tmp/dl"
on 1 'lctl get_param -n ptlrpc.services.ost_io.threads_started | grep -Eq "^[1-9]"'
for n in 2 3; do
	on $n "lctl attach echo_client ec && lctl --device ec setup echo_srv_UUID $srv"
	on $n "lctl get_param -n echo_client.ec.import | tee /tmp/imp; grep -q 'state: FULL' /tmp/imp"
done

# Small RPCs, then bulk both ways with data and checksum verification.
on 2 'lctl --device ec echo_test --op ping --count 200 --concurrency 8 | tee /tmp/t; grep -q "200 done, 0 errors" /tmp/t'
for size in 4k 1028k 4M; do
	on 2 "lctl --device ec echo_test --op write --size $size --count 12 --concurrency 4 --verify --checksum --oid 7 | tee /tmp/t; grep -q '12 done, 0 errors' /tmp/t"
	on 3 "lctl --device ec echo_test --op read --size $size --count 12 --concurrency 4 --verify --checksum --oid 9 | tee /tmp/t; grep -q '12 done, 0 errors' /tmp/t"
done
on 1 'test "$(lctl get_param -n obdecho.echo_srv.write_count)" = 36 && test "$(lctl get_param -n obdecho.echo_srv.read_count)" = 36'
on 1 'test "$(lctl get_param -n obdecho.echo_srv.errors)" = 0'
on 2 "lctl --device ec echo_test --json --op write --size 64k --count 4 --concurrency 2 | grep -q '\"done\": 4'"

# 64 clients of one service at once: 32 connections from each client node.
for n in 2 3; do
	on $n "for i in \$(seq 32); do lctl attach echo_client c\$i && lctl --device c\$i setup echo_srv_UUID $srv || exit 1; done"
done
on 1 'test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 66'
for n in 2 3; do
	on $n 'for i in $(seq 32); do lctl --device c$i echo_test --op write --size 64k --count 10 --concurrency 2 --verify > /tmp/ec_c$i.out & done; wait; cat /tmp/ec_c*.out | tee /tmp/all; test $(grep -c "10 done, 0 errors" /tmp/all) = 32' &
done
wait $! && wait || { echo "64-client run failed"; exit 1; }
on 1 'test "$(lctl get_param -n obdecho.echo_srv.write_count)" = $((36 + 4 + 640))'

# Parameters, stats and the debug log.
on 2 'lctl get_param echo_client.ec.stats | tee /tmp/st; grep -q "^ost_write " /tmp/st && grep -q "^req_waittime " /tmp/st'
on 1 'lctl get_param ptlrpc.services.ost_io.stats | tee /tmp/st; grep -q "^ost_write " /tmp/st'
on 1 'lctl list_param ptlrpc.services.* | grep -q ptlrpc.services.ost_io'
on 1 'lctl get_param timeout at_max | tee /tmp/p; grep -q "^timeout=100$" /tmp/p'
on 2 'lctl dk /tmp/dk.txt && grep -q "connected to echo_srv_UUID" /tmp/dk.txt'
on 1 'lctl dk | grep -q "connect from"'

# Disconnect: the server's exports go with the clients' devices.
for n in 2 3; do
	on $n 'for i in $(seq 32); do lctl --device c$i cleanup && lctl --device c$i detach || exit 1; done'
	on $n 'lctl --device ec cleanup && lctl --device ec detach && test -z "$(lctl dl)"'
done
on 1 'test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 0'
on 1 'lctl --device echo_srv cleanup && lctl --device echo_srv detach'
on_all 'test "$(cat /sys/fs/lustre/ptlrpc/live_requests)" = 0 && test "$(cat /sys/fs/lustre/ptlrpc/live_exports)" = 0'

# The capture: Lustre RPCs as tshark decodes them, none malformed.  TCP
# reassembly complaints (retransmissions on a loaded host) are not ours, and
# tshark 4.0 flags the first frame of each bulk-data PUT (docs/protocol.md).
on 1 'sleep 1; pkill dumpcap; sleep 1; tshark -r /nacre-io/rpc.pcapng -d tcp.port==988,lnet -Y lustre > /tmp/rpcs 2>/dev/null; grep -c . /tmp/rpcs'
on 1 'for op in OST_CONNECT OBD_PING OST_WRITE OST_READ OST_DISCONNECT; do grep -q "$op" /tmp/rpcs || { echo "no $op decoded"; exit 1; }; done'
on 1 'n=$(tshark -r /nacre-io/rpc.pcapng -d tcp.port==988,lnet -Y "_ws.malformed && (lnet || lustre) && !(lnet.ptl_index == 8)" 2>/dev/null | wc -l); echo "malformed (bulk data aside): $n"; test "$n" = 0'
