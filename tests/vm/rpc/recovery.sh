# RPC recovery with the echo target on node 1 and clients on nodes 2, 3:
#  - the server's TCP connections are killed while writes run: requests are
#    resent and executed exactly once (server count = client count);
#  - the server's modules are unloaded and reloaded while writes run: the
#    client reconnects to the new instance, resends, loses nothing;
#  - a client machine is killed: the server evicts it after 1.5 x timeout;
#  - a client whose network goes away and comes back after its eviction is
#    told so, fails what was in progress, and works again.
# nodes: 3
# nets: 0:1,2,3
# timeout: 900

on_all load_nacre obdecho
on_all 'lctl set_param timeout=20 && lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
srv=$(ip_of 1)@tcp
on 1 'lctl attach obdecho echo_srv && lctl --device echo_srv setup'
for n in 2 3; do
	on $n "lctl attach echo_client ec && lctl --device ec setup echo_srv_UUID $srv"
done

# 1. Connections killed under load.
on 2 'lctl --device ec echo_test --op write --size 256k --count 600 --concurrency 8 --verify > /tmp/t1 2>&1; echo $? > /tmp/t1.rc' &
bg=$!
on 1 'for k in $(seq 8); do sleep 1; ss -K dst 10.99.0.2 | grep -c ESTAB || true; done'
wait $bg
on 2 'cat /tmp/t1; test "$(cat /tmp/t1.rc)" = 0 && grep -q "600 done, 0 errors" /tmp/t1'
on 2 'lctl get_param -n echo_client.ec.import | grep -E "reconnects|inflight"; lctl get_param -n echo_client.ec.stats | grep -E "req_timeouts|req_resends" || true'
on 1 'n=$(lctl get_param -n obdecho.echo_srv.write_count); echo "executed: $n"; test "$n" = 600'

# 2. Server modules reloaded under load.
on 2 'lctl --device ec echo_test --op write --size 64k --count 3000 --concurrency 4 --verify > /tmp/t2 2>&1; echo $? > /tmp/t2.rc' &
bg=$!
on 1 'sleep 3; lctl --device echo_srv cleanup force && lctl --device echo_srv detach && rmmod obdecho ptlrpc && sleep 2 && modprobe obdecho && lctl set_param timeout=20 && lctl attach obdecho echo_srv && lctl --device echo_srv setup'
wait $bg
on 2 'cat /tmp/t2; test "$(cat /tmp/t2.rc)" = 0 && grep -q "3000 done, 0 errors" /tmp/t2'
on 2 'dmesg | grep -q "connection restored to echo_srv_UUID.*server restarted"'
on 3 "lctl --device ec echo_test --op ping --count 20 | grep -q '20 done, 0 errors'"

# 3. A client machine dies: evicted after 1.5 x timeout (30 s), not before.
on 1 'test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 2'
node_kill 3
on 1 'sleep 15; test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 2'
on 1 'for k in $(seq 60); do test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 1 && break; sleep 1; done; test "$(lctl get_param -n obdecho.echo_srv.evictions)" = 1'
on 1 'dmesg | grep -q "evicting client"'

# 4. A client cut off long enough to be evicted, then back.
on 2 'ip link set eth0 down'
on 1 'for k in $(seq 90); do test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 0 && break; sleep 1; done; test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 0'
on 2 'ip link set eth0 up; sleep 1'
on 2 'for k in $(seq 60); do lctl get_param -n echo_client.ec.import | grep -q "state: FULL" && break; sleep 1; done; dmesg | grep -q "was evicted by echo_srv_UUID"'
on 2 "lctl --device ec echo_test --op write --size 64k --count 20 --verify | grep -q '20 done, 0 errors'"
