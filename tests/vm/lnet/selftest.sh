# LNet self-test between two nodes: PUT and GET of 1 MiB and of 4 KiB with
# several operations in flight, and zero-byte round trips for latency; no
# errors; LNet cannot be unconfigured while lnet_selftest uses it; a target
# that does not run the self-test makes the operations fail, not hang.
# nodes: 2
# nets: 0:1,2
# timeout: 300

on_all load_nacre lnet
on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 2 'modprobe lnet_selftest'
t=$(ip_of 2)@tcp
for args in "--op put --size 1M --concurrency 8" "--op get --size 1M --concurrency 8" \
	"--op put --size 4k --concurrency 16" "--op get --size 4k --concurrency 16" \
	"--op put --size 0 --concurrency 1"; do
	on 1 "lnetctl selftest --nid $t $args --seconds 3 | tee /tmp/st; grep -q 'errors: 0' /tmp/st && grep -qE 'operations: [1-9]' /tmp/st"
done
on 1 "lnetctl selftest --json --nid $t --size 64k --seconds 1 | grep -q '\"ops_per_s\"'"

# Bad arguments are refused before anything is sent.
on 1 "fails_with 'at most 1M' lnetctl selftest --nid $t --size 2M"
on 1 "fails_with 'concurrency' lnetctl selftest --nid $t --concurrency 0"
on 1 "fails_with IPv4 lnetctl selftest --nid 10.0.0.300@tcp"

# While loaded, lnet_selftest keeps LNet up, as Lustre's does.
on 2 "fails_with 'in use' lnetctl lnet unconfigure"
on 2 'rmmod lnet_selftest'
# Now node 2 has no target: operations fail (dropped, then unlinked), no hang.
on 1 "lnetctl selftest --nid $t --size 4k --concurrency 2 --seconds 1 | tee /tmp/st; grep -qE 'errors: [1-9]' /tmp/st"
on 2 'lnetctl lnet unconfigure'
