# Bad input on the RPC layer: node 2, which runs no LNet, completes a real
# socklnd handshake with node 1's echo target and sends it thousands of
# ptlrpc requests broken in every way (lnet-poke rpc-fuzz, tests/tools:
# valid pings, connects, writes, reads and lock enqueues, truncated, with
# random bytes flipped, impossible buffer counts and lengths, wrong magic,
# type, version, handles, lock counts, UUIDs without NUL, 64 KiB of noise
# ...), on the connect portal (28) and the I/O portal (6), two seeds each.
# Node 1 answers on node 2's connection, must keep it open and answer a
# final ping after each run (before that: racing connects with one client
# UUID make one export, and max_exports refuses one more client); then a
# real echo client on node 3 writes and
# reads with every byte checked, node 1 has logged (ratelimited) why it
# refused requests, and it shuts down with no request or export leaked.
# nodes: 3
# nets: 0:1,2,3
# timeout: 900

# timeout=20: a bulk transfer the fuzzer leaves unserved holds a service
# thread for at most 20 s, not 100.
for n in 1 3; do
	on $n 'load_nacre obdecho && lctl set_param timeout=20 &&
		lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
done
srv=$(ip_of 1)@tcp
on 1 'lctl attach obdecho echo_srv && lctl --device echo_srv setup'

# One export per client UUID: 12 connects with one UUID at once (lnet-poke
# connects as lnet-poke-<seed>) leave exactly one export, where unserialized
# connects could each make their own.  Then the bound: with max_exports=3
# two more clients connect and a third is refused (-EUSERS, -87), saying
# why.  Exports idle for 1.5 x timeout are evicted: these checks take
# seconds, not 30.
on 2 "for i in \$(seq 12); do lnet-poke --timeout 30 --count 0 --seed 7 $(ip_of 1) rpc-fuzz >/tmp/race\$i.out 2>&1 & done; wait
	cat /tmp/race*.out | grep '^export:' | sort | uniq -c"
on 1 'n=$(lctl get_param -n obdecho.echo_srv.num_exports); echo "exports after 12 racing connects: $n"; test "$n" = 1'
on 1 'lctl set_param max_exports=3 && test "$(lctl get_param -n max_exports)" = 3'
on 1 '! lctl set_param max_exports=0 2>/dev/null && test "$(lctl get_param -n max_exports)" = 3'
for seed in 8 9; do
	on 2 "lnet-poke --timeout 30 --count 0 --seed $seed $(ip_of 1) rpc-fuzz | grep -q '^export: 0x'"
done
on 2 "lnet-poke --timeout 30 --count 0 --seed 10 $(ip_of 1) rpc-fuzz | tee /tmp/refused; grep -q '^export: none (connect to echo_srv_UUID answered with status -87)' /tmp/refused"
on 1 'test "$(lctl get_param -n obdecho.echo_srv.num_exports)" = 3 &&
	dmesg | grep -q "refusing connect of lnet-poke-10 .*3 clients connected"'
on 1 'lctl set_param max_exports=8192'

# fuzz PORTAL SEED: one lnet-poke run; it connects to echo_srv_UUID first,
# so that requests also get past "not connected" to the handlers and their
# bulk transfers, and must end with "alive" (exit 0).
fuzz() {
	on 2 "lnet-poke --timeout 60 --portal $1 --seed $2 --count 1500 $(ip_of 1) rpc-fuzz >/tmp/fuzz.out 2>&1
		rc=\$?; cat /tmp/fuzz.out; [ \$rc = 0 ] && grep -q '^export: 0x' /tmp/fuzz.out &&
		grep -Eq '^sent 1500, replies [0-9]+, alive$' /tmp/fuzz.out"
}
for portal in 28 6; do
	for seed in 1 2; do
		fuzz $portal $((portal * 100 + seed)) || {
			echo "rpc-fuzz on portal $portal (seed $((portal * 100 + seed))) failed"
			exit 1
		}
	done
done
# Both services took the requests (LNet drops those that find no free
# request buffer: the bursts are paced so that few do).
on 1 'lctl get_param obdecho.echo_srv.write_count obdecho.echo_srv.read_count obdecho.echo_srv.errors'
on 1 'for s in ost ost_io; do n=$(lctl get_param -n ptlrpc.services.$s.req_count); echo "$s: $n requests"
	test "$n" -ge 1500 || exit 1; done'

# The service still works for a real client.
on 3 "lctl attach echo_client ec && lctl --device ec setup echo_srv_UUID $srv"
on 3 'lctl --device ec echo_test --op write --size 64k --count 20 --verify | tee /tmp/t; grep -q "20 done, 0 errors" /tmp/t'
on 3 'lctl --device ec echo_test --op read --size 64k --count 20 --verify --checksum | tee /tmp/t; grep -q "20 done, 0 errors" /tmp/t'
on 3 'lctl --device ec echo_test --op ping --count 50 --concurrency 4 | tee /tmp/t; grep -q "50 done, 0 errors" /tmp/t'

# Node 1 said why it refused requests, ratelimited (the rig checks for
# WARN/BUG itself).
on 1 "dmesg | grep -F 'malformed request from $(ip_of 2)@tcp' >/tmp/bad; head -n 3 /tmp/bad
	echo \"\$(wc -l </tmp/bad) lines\"; test -s /tmp/bad && test \$(wc -l </tmp/bad) -lt 1000"

# Clean shutdown: the client disconnects, the target goes with the exports
# the fuzzer made, and nothing is left behind.
on 3 'lctl --device ec cleanup && lctl --device ec detach'
on 1 'lctl --device echo_srv cleanup force && lctl --device echo_srv detach'
for n in 1 3; do
	on $n 'test "$(cat /sys/fs/lustre/ptlrpc/live_requests)" = 0 && test "$(cat /sys/fs/lustre/ptlrpc/live_exports)" = 0'
done
