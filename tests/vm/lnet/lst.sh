# Lustre self-test (srpc) test node.  Node 2 runs no LNet: lnet-poke plays
# an "lst" console against node 1 over one connection, with node 3 (also a
# test node) as the tests' destination.
#  - lst-ping: session rules (same id twice, EBUSY to another console),
#    refused test adds (another session, concurrency 5000, 10^6
#    destinations, service 99, loop 0, other features), a ping test of
#    200 x 4 RPCs node 1 -> node 3 run as a batch; forged requests while it
#    runs (another session id, test add to the running batch, unknown
#    service, bad magic, wrong message type) refused or dropped; the stats
#    count every RPC and no error; then 4 pings to node 2, which never
#    answers, all counted as errors after rpc_timeout; session removed;
#  - lst-brw: brw write (full check) and read (simple check) of 64 KiB
#    node 1 -> node 3 without an error; out-of-range brw parameters refused;
#    a forced take-over ends the session;
#  - node 1 as its own destination;
#  - lst-fuzz: 2 x 1500 random requests of every service, mutated (bytes
#    flipped, cut short, another service's match bits); then a forced
#    session is made, answered and removed, and the drops were counted;
#  - the portal-54 self-test still works next to it;
#  - a session left silent expires after session_timeout (3 s here), and
#    both modules unload with a session whose test is still running.
# nodes: 3
# timeout: 600

n1=$(ip_of 1)@tcp
n3=$(ip_of 3)@tcp

for n in 1 3; do
	on $n 'load_nacre lnet && load_nacre ksocklnd && lnetctl lnet configure &&
		lnetctl net add --net tcp0 --if eth0 && modprobe lnet_selftest rpc_timeout=5'
done
on 1 "lnetctl ping $n3 | grep -q 'primary nid: $n3'"

on 2 "lnet-poke --timeout 30 --dest $(ip_of 3) --bad-dest $(ip_of 2) --loop 200 --concur 4 \
	$(ip_of 1) lst-ping"
on 2 "lnet-poke --timeout 30 --dest $(ip_of 3) --loop 25 --concur 2 --size 65536 $(ip_of 1) lst-brw"
on 2 "lnet-poke --timeout 30 --dest $(ip_of 1) --loop 50 --concur 2 $(ip_of 1) lst-ping"

# Random and mutated requests of every service: the node stays sane.
for seed in 1 2; do
	on 2 "lnet-poke --timeout 30 --count 1500 --seed $seed $(ip_of 1) lst-fuzz"
done

# The older Nacre protocol on portal 54, between the same modules.
on 3 "lnetctl selftest --nid $n1 --size 64k --seconds 2 | tee /tmp/st; grep -q 'errors: 0' /tmp/st"

# The dropped frames were reported, rate-limited.
on 1 "dmesg | grep -c 'lnet_selftest: dropped a request' | awk '{ exit !(\$1 >= 3) }'"

# A silent console's session expires after session_timeout, its test
# stopped (and lst-leave's make session finds no session in the way).
on 1 'echo 3 >/sys/module/lnet_selftest/parameters/session_timeout'
on 2 "lnet-poke --timeout 30 --dest $(ip_of 3) $(ip_of 1) lst-leave"
on 1 "sleep 6; dmesg | grep 'session \"poke\" expired after 3 s'"
on 1 'echo 100 >/sys/module/lnet_selftest/parameters/session_timeout'

# A session left with an endless test running: unloading stops it.
on 2 "lnet-poke --timeout 30 --dest $(ip_of 3) --concur 8 $(ip_of 1) lst-leave"
on 1 "sleep 2; dmesg | grep 'session \"poke\" made' | tail -1; rmmod lnet_selftest &&
	dmesg | tail -5 | grep -q 'session \"poke\" ended'"
on 3 'rmmod lnet_selftest && lnetctl lnet unconfigure'
on 1 'lnetctl lnet unconfigure'
