# The self-test console: node 1 runs "lst" on its lnet_selftest.ko, nodes 2
# and 3 are test nodes (the same module's srpc services).
#  - no command before new_session, none with another LST_SESSION, a second
#    session refused without --force;
#  - a group with an unreachable NID (10.99.0.9): add_group returns in
#    bounded time, that node down, the other active; its stat reports the
#    down node and the other's counters; deleting it removes our session
#    from the active node;
#  - Ctrl-C (SIGINT) ends at once a command waiting for the console behind
#    a long one, and the long one (no group made);
#  - groups (one by a NID range), a node in two groups joined once;
#  - a ping batch (100 x 4), and a brw batch (write 64 KiB check=full, read
#    64 KiB check=full) run and queried until idle; stat counts at least
#    every RPC the batches sent, the bulk bytes, and no error; show_error
#    finds none;
#  - a second console (node 2) finds node 3 busy while our session lives,
#    and can have it once end_session removed ours;
#  - rmmod lnet_selftest on the console while a session's endless test runs
#    ends the session on the node; then every module unloads without a
#    leaked LNet MD or message.
# nodes: 3
# timeout: 900

n1=$(ip_of 1)@tcp
n2=$(ip_of 2)@tcp
n3=$(ip_of 3)@tcp
ghost=$(ip_of 9)@tcp
L='export LST_SESSION=4242;'

for n in 1 2 3; do
	on $n 'load_nacre lnet && load_nacre ksocklnd && lnetctl lnet configure &&
		lnetctl net add --net tcp0 --if eth0 && modprobe lnet_selftest rpc_timeout=5'
done

on 1 "$L fails_with 'no console session' lst add_group g $n2"
on 1 "$L lst new_session --timeout 600 nacre | tee /tmp/ns;
	grep -qx 'SESSION: nacre FEATURES: 1 TIMEOUT: 600 FORCE: No' /tmp/ns"
on 1 "$L lst show_session | tee /tmp/ss; grep -q '^nacre ID: [0-9]*@$n1, KEY: 4242 ' /tmp/ss"
on 1 "export LST_SESSION=1; fails_with 'LST_SESSION is not the key' lst list_group"
on 1 "$L fails_with 'already active' lst new_session other"
on 1 "$L fails_with 'not a number' lst add_group g 10.99.0.[2-x]@tcp"

# An unreachable node: marked down in bounded time, the other node joins.
on 1 "$L s=\$(date +%s); fails_with '$ghost: create session failed' lst add_group mixed $ghost $n2;
	t=\$((\$(date +%s) - s)); echo \"add_group took \$t s\"; [ \$t -lt 40 ]"
on 1 "$L lst list_group mixed --down | tee /tmp/lg; grep -q '$ghost: Down' /tmp/lg;
	grep -qP '^mixed\t1\t0\t1\t0\t2$' /tmp/lg"
on 1 "$L lst list_group mixed --active | grep -q '$n2: Active'"
on 1 "$L lst stat --count 1 --delay 1 mixed | tee /tmp/st; grep -q '$ghost: no counters (Down)' /tmp/st;
	grep -q '(1/2 nodes)' /tmp/st"
on 2 "dmesg | grep -q 'session \"nacre\" made'"
on 1 "$L lst del_group mixed && ! lst list_group mixed"
on 2 "dmesg | tail -3 | grep -q 'session \"nacre\" ended'"

# Ctrl-C: a command waiting for the console behind a long one (30 s for a
# node that never answers: node 3 without lnet_selftest, whose LNet drops
# the request) gives up at once, and so does the long one (its RPCs
# abandoned, no group made).  A background command of a shell without job
# control ignores SIGINT: python puts the default back.
on 3 'rmmod lnet_selftest'
on 1 "echo 30 > /sys/module/lnet_selftest/parameters/rpc_timeout"
on 1 "$L setsid python3 -c 'import os, signal, sys; signal.signal(signal.SIGINT, signal.SIG_DFL); os.execvp(\"lst\", sys.argv[1:])' \
	lst add_group slow $n3 </dev/null >/tmp/slow 2>&1 & echo \$! >/tmp/slow.pid"
on 1 "$L sleep 2; s=\$(date +%s); timeout -s INT 2 lst list_group; rc=\$?;
	t=\$((\$(date +%s) - s)); echo \"list_group behind it: rc \$rc after \$t s\"; [ \$rc = 124 ] && [ \$t -lt 10 ]"
on 1 "s=\$(date +%s); kill -INT \$(cat /tmp/slow.pid);
	while kill -0 \$(cat /tmp/slow.pid) 2>/dev/null; do sleep 0.2; done;
	t=\$((\$(date +%s) - s)); echo \"add_group interrupted after \$t s\"; [ \$t -lt 10 ]"
on 1 "$L ! lst list_group slow && echo 5 > /sys/module/lnet_selftest/parameters/rpc_timeout"
on 3 'modprobe lnet_selftest rpc_timeout=5'

# Groups; node 3 in two of them is sent make session once.
on 1 "$L lst add_group servers $n3 && lst add_group clients $n2 && lst add_group both 10.99.0.[2-3]@tcp"
on 1 "$L lst list_group | tee /tmp/lg; grep -q 'Total 3 groups' /tmp/lg"
on 1 "$L lst list_group both --all | tee /tmp/lg; grep -q '$n2: Active' /tmp/lg && grep -q '$n3: Active' /tmp/lg"
on 3 "[ \$(dmesg | grep -c 'session \"nacre\" made') = 1 ]"
on 1 "$L fails_with 'uses the group' sh -c 'lst add_batch tmp && lst add_test --batch tmp --from both --to both ping && lst del_group both'"

wait_idle() {
	on 1 "$L for i in \$(seq 90); do lst query $1 | tee /tmp/q | grep -q 'is idle' && cat /tmp/q && exit 0; sleep 1; done;
		cat /tmp/q; exit 1"
}

# A ping batch.
on 1 "$L lst add_batch ping && lst add_test --batch ping --loop 100 --concurrency 4 --from clients --to servers ping |
	grep -q 'Test was added successfully'"
on 1 "$L lst run ping | grep -q 'ping is running now'"
wait_idle ping
on 1 "$L lst query ping --server | grep -q 'ping is idle: 0 running, 1 idle, 0 not answering, of 1 nodes'"

# A brw batch: a write and a read, both checked.
on 1 "$L lst add_batch bulk &&
	lst add_test --batch bulk --loop 20 --concurrency 2 --from clients --to servers brw write size=64k check=full &&
	lst add_test --batch bulk --loop 20 --from clients --to servers brw read size=64k check=full"
on 1 "$L lst list_batch | grep -q 'Total 3 batches'"
on 1 "$L lst list_batch bulk | tee /tmp/lb; grep -q 'Batch: bulk Tests: 2 State: Idle' /tmp/lb;
	grep -q 'write size=65536 check=full' /tmp/lb"
on 1 "$L fails_with 'brw needs read or write' lst add_test --batch bulk --from clients --to servers brw size=1M"
on 1 "$L lst run bulk | grep -q 'bulk is running now'"
on 1 "$L lst list_batch bulk | grep -q 'State: Running'"
wait_idle bulk
on 1 "$L lst list_batch bulk | grep -q 'State: Idle'"

# What the nodes counted: at least every test RPC (400 pings, 40 writes,
# 20 reads), the writes' bytes fetched by the server, and no error.
on 1 "$L lst stat --count 1 --delay 1 servers clients | tee /tmp/st;
	grep -q '^\[LNet Rates of servers\]' /tmp/st && grep -q '^\[W\] Avg: .* MiB/s' /tmp/st &&
	awk '/^\[RPCs of servers\]/ { r = \$7; g = \$10 } /^\[RPCs of clients\]/ { s = \$5 }
		END { print \"server received\", r, \"fetched\", g, \"client sent\", s;
		      exit !(r + 0 >= 460 && s + 0 >= 460 && g + 0 >= 40 * 65536) }' /tmp/st &&
	[ \$(grep -c '^\[Errors of .*\] rpc: 0 dropped: 0 expired: 0 brw: 0 ping: 0$' /tmp/st) = 2 ]"
on 1 "$L lst stat --count 1 --delay 1 --bw --write --max servers | tee /tmp/st;
	grep -q '^\[LNet Bandwidth of servers\]' /tmp/st && ! grep -q 'LNet Rates' /tmp/st &&
	grep -qx '\[W\] Max: [0-9.]* *MiB/s' /tmp/st && ! grep -q '^\[R\]' /tmp/st"
on 1 "$L lst show_error servers clients | tee /tmp/se; grep -q 'Total 0 error nodes in servers' /tmp/se &&
	grep -q 'Total 0 error nodes in clients' /tmp/se"

# Another console finds node 3 busy in our session.
on 2 "export LST_SESSION=7; lst new_session intruder &&
	fails_with '$n3: create session refused: Device or resource busy (Busy)' lst add_group s $n3;
	lst end_session"

# end_session removes the session on every node: the other console may now.
on 1 "$L lst end_session | grep -q 'session is ended'; ! lst show_session"
on 3 "dmesg | tail -5 | grep -q 'session \"nacre\" ended'"
on 2 "export LST_SESSION=7; lst new_session second && lst add_group s $n3 && lst end_session"

# Unloading the console's module with a live session and a running test.
on 1 "$L lst new_session again && lst add_group s $n3 && lst add_batch b &&
	lst add_test --batch b --from s --to s ping && lst run b"
on 3 "sleep 1; dmesg | grep -q 'session \"again\" made'"
on 1 "rmmod lnet_selftest && dmesg | tail -3 | grep -q 'console session \"again\" ended'"
on 3 "sleep 1; dmesg | tail -5 | grep -q 'session \"again\" ended'"
on 1 'modprobe lnet_selftest && rmmod lnet_selftest'
# Every module out: LNet's exit warns (failing the test) if an MD or a
# message leaked.
for n in 1 2 3; do
	on $n 'unload_nacre && ! lsmod | grep -q "^lnet "'
done
