# The lock manager over RPC with the echo target on node 1 and echo clients
# on nodes 2 and 3:
#  1. conflicting extent locks: blocking callback to the holder, its cancel
#     when it releases the lock, then the grant to the waiter, in order;
#  2. a holder that ignores the callback past lock_timeout is evicted and
#     the waiter granted; the holder learns it was evicted and works again;
#  3. an interrupted enqueue leaves no lock on the server;
#  4. a killed client's locks go with its eviction;
# no leaked locks, requests or exports; the capture decodes as Lustre LDLM.
# nodes: 3
# nets: 0:1,2,3
# timeout: 900

on_all load_nacre obdecho
on_all 'lctl set_param timeout=20 && lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
srv=$(ip_of 1)@tcp
on 1 '(dumpcap -q -i eth0 -f "tcp port 988" -w /nacre-io/ldlm.pcapng >/dev/null 2>&1 &) ; sleep 3'
on 1 'lctl attach obdecho echo_srv && lctl --device echo_srv setup'
on 1 'lctl get_param -n ptlrpc.services.ldlm_canceld.threads_started | grep -Eq "^[1-9]"'
for n in 2 3; do
	on $n "lctl attach echo_client ec && lctl --device ec setup echo_srv_UUID $srv"
	on $n 'lctl get_param -n ptlrpc.services.ldlm_cbd.threads_started | grep -Eq "^[1-9]"'
done

# 1. Conflict -> BL callback -> cancel on release -> grant, in order.
on 2 'lctl --device ec echo_lock --mode PW --oid 5 --start 0 --end 4095 | tee /tmp/l1; grep -Eq "^lock 0x[0-9a-f]+ PW \[0, EOF\] granted" /tmp/l1'
on 3 'lctl --device ec echo_lock --mode PR --oid 6 | tee /tmp/l6'
on 3 '(lctl --device ec echo_lock --mode PW --oid 5 --start 0 --end 4095 >/tmp/l2 2>&1; echo $? >/tmp/l2.rc) & sleep 3; test ! -e /tmp/l2.rc'
on 2 'test "$(lctl get_param -n ptlrpc.services.ldlm_cbd.req_count)" = 1'
on 2 'sleep 2; lctl --device ec echo_unlock $(awk "{print \$2}" /tmp/l1)'
on 3 'for k in $(seq 40); do test -e /tmp/l2.rc && break; sleep 0.5; done; cat /tmp/l2; test "$(cat /tmp/l2.rc)" = 0'
on 3 'awk "{ exit !(\$8 >= 4) }" /tmp/l2'
on 1 'test "$(lctl get_param -n ptlrpc.services.ldlm_canceld.req_count)" -ge 1'
on 3 'test "$(lctl get_param -n ptlrpc.services.ldlm_cbd.req_count)" = 1'
on 3 'for c in $(awk "{print \$2}" /tmp/l2 /tmp/l6); do lctl --device ec echo_unlock $c || exit 1; done; ! lctl --device ec echo_unlock 0x1234'
on 1 'sleep 1; test "$(lctl get_param -n ldlm.namespaces.echo_srv.lock_count)" = 0'

# 2. A holder past lock_timeout: evicted, the waiter granted; the holder
#    learns it and works again.
on 1 'lctl set_param ldlm.namespaces.echo_srv.lock_timeout=10'
on 2 'lctl --device ec echo_lock --mode EX --oid 7 | tee /tmp/l3'
on 3 '(lctl --device ec echo_lock --mode PR --oid 7 --start 0 --end 0 >/tmp/l4 2>&1; echo $? >/tmp/l4.rc) & sleep 6; test ! -e /tmp/l4.rc'
on 3 'for k in $(seq 40); do test -e /tmp/l4.rc && break; sleep 1; done; cat /tmp/l4; test "$(cat /tmp/l4.rc)" = 0; awk "{ exit !(\$8 >= 9) }" /tmp/l4'
on 1 'dmesg | grep -q "evicting client .*lock callback timer expired"; test "$(lctl get_param -n obdecho.echo_srv.evictions)" = 1'
on 2 'for k in $(seq 60); do dmesg | grep -q "was evicted by echo_srv_UUID" && break; sleep 1; done; dmesg | grep -q "was evicted by echo_srv_UUID"'
on 2 'lctl --device ec echo_unlock $(awk "{print \$2}" /tmp/l3)'
on 2 'lctl --device ec echo_lock --mode PR --oid 7 --start 0 --end 0 | tee /tmp/l5'
on 2 'lctl --device ec echo_unlock $(awk "{print \$2}" /tmp/l5)'
on 3 'lctl --device ec echo_unlock $(awk "{print \$2}" /tmp/l4)'

# 3. An enqueue killed while it waits leaves no lock behind.
on 3 "lctl attach echo_client ec2 && lctl --device ec2 setup echo_srv_UUID $srv"
on 3 'lctl --device ec echo_lock --mode PW --oid 9 | tee /tmp/l9'
on 3 'timeout -s TERM 3 lctl --device ec2 echo_lock --mode PW --oid 9; test $? = 124'
on 3 'lctl --device ec echo_unlock $(awk "{print \$2}" /tmp/l9)'
on 1 'sleep 2; test "$(lctl get_param -n ldlm.namespaces.echo_srv.lock_count)" = 0'

# 4. A killed client: its locks go with its eviction.
on 2 'lctl --device ec echo_lock --mode PW --oid 8 | tee /tmp/l7'
node_kill 2
on 3 '(lctl --device ec echo_lock --mode PW --oid 8 >/tmp/l8 2>&1; echo $? >/tmp/l8.rc) &'
on 3 'for k in $(seq 90); do test -e /tmp/l8.rc && break; sleep 1; done; cat /tmp/l8; test "$(cat /tmp/l8.rc)" = 0'
on 1 'test "$(lctl get_param -n obdecho.echo_srv.evictions)" = 2'
on 3 'lctl --device ec echo_unlock $(awk "{print \$2}" /tmp/l8)'

# Teardown, leak checks, the capture.
on 3 'for d in ec2 ec; do lctl --device $d cleanup && lctl --device $d detach || exit 1; done; test ! -e /sys/fs/lustre/ptlrpc/services/ldlm_cbd'
on 1 'lctl --device echo_srv cleanup force && lctl --device echo_srv detach; test ! -e /sys/fs/lustre/ptlrpc/services/ldlm_canceld'
for n in 1 3; do
	on $n 'for f in ptlrpc/live_requests ptlrpc/live_exports ldlm/lock_count_total ldlm/resource_count_total; do test "$(cat /sys/fs/lustre/$f)" = 0 || { echo "$f leaked"; exit 1; }; done'
done
on 1 'sleep 1; pkill dumpcap; sleep 1; tshark -r /nacre-io/ldlm.pcapng -d tcp.port==988,lnet -Y lustre >/tmp/r 2>/dev/null; for op in LDLM_ENQUEUE LDLM_BL_CALLBACK LDLM_CP_CALLBACK LDLM_CANCEL; do grep -q "$op" /tmp/r || { echo "no $op"; exit 1; }; done'
on 1 'n=$(tshark -r /nacre-io/ldlm.pcapng -d tcp.port==988,lnet -Y "_ws.malformed && (lnet || lustre) && !(lnet.ptl_index == 8) && !(lustre.ptlrpc_body.pb_opc == 101 && lustre.ptlrpc_body.pb_type == 4713)" 2>/dev/null | wc -l); echo "malformed (tshark 4.0 dissector limits aside): $n"; test "$n" = 0'
