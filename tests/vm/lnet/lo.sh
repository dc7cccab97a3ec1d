# LNet on one node: configure, the loopback NI, ping 0@lo through the whole
# message path (GET to the ping portal, REPLY into a bound MD), errors with
# their reasons, unconfigure, and a clean unload (the runner checks that).
# nodes: 1
# timeout: 180
# quick: yes

# expect_error CMD... MESSAGE: CMD fails and says MESSAGE on stderr.
expect_error() {
	local msg=${*: -1} out
	out=$(on 1 "${@:1:$#-1} 2>&1 >/dev/null; echo rc=\$?")
	echo "$out"
	echo "$out" | grep -q 'rc=[1-9]' || { echo "expected failure: ${*:1:$#-1}"; return 1; }
	echo "$out" | grep -qF -- "$msg" || { echo "expected message: $msg"; return 1; }
}

on 1 load_nacre lnet
expect_error lnetctl ping 0@lo "not configured"

on 1 lnetctl lnet configure
on 1 lnetctl lnet configure   # again: no change, no error
on 1 'lnetctl net show | tee /tmp/show'
on 1 'grep -q "net type: lo" /tmp/show && grep -q "nid: 0@lo" /tmp/show && grep -q "status: up" /tmp/show'

on 1 'lnetctl ping 0@lo | tee /tmp/ping'
on 1 'grep -q "primary nid: 0@lo" /tmp/ping && grep -q "nid: 0@lo" /tmp/ping'
# Many pings: MDs and messages must not accumulate (the unload checks counts).
on 1 'for i in $(seq 200); do lnetctl ping 0@lo >/dev/null || exit 1; done'
on 1 'lnetctl net show -v | tee /tmp/showv; grep -qE "send_count: [1-9][0-9]{2}" /tmp/showv'

# Bad input: a reason each, nothing changes.
expect_error lnetctl ping 10.0.0.256@tcp "IPv4"
expect_error lnetctl ping 10.99.0.77@tcp "no local network reaches"
expect_error lnetctl net add --net tcp0 --if eth9 'no interface "eth9"' 
expect_error lnetctl net add --net udp0 --if eth0 "unknown network type"
expect_error lnetctl net del --net lo "cannot be removed"
expect_error lnetctl net del --net tcp7 "no such network"
on 1 'lnetctl ping 0@lo >/dev/null'

on 1 lnetctl lnet unconfigure
expect_error lnetctl ping 0@lo "not configured"
on 1 '! lnetctl net show | grep -q "0@lo"'
# Up and down again; while up the module is pinned, as in Lustre.
on 1 'lnetctl lnet configure && lnetctl ping 0@lo >/dev/null && lnetctl lnet unconfigure'
on 1 'lnetctl lnet configure'
on 1 '! rmmod lnet 2>/dev/null'
on 1 'lnetctl lnet unconfigure && rmmod ksocklnd lnet'
on 1 'dmesg | grep -q "lnet: unconfigured"'
# The module parameter form: configure --all brings its networks up or
# fails whole (here: an interface that does not exist), leaving LNet down.
on 1 'modprobe lnet "networks=tcp0(eth9)"'
expect_error lnetctl lnet configure --all "interface"
expect_error lnetctl ping 0@lo "not configured"
on 1 'lnetctl lnet configure && lnetctl net show | grep -q "0@lo" && lnetctl lnet unconfigure'
on 1 'rmmod ksocklnd lnet && modprobe lnet "networks=tcp0(eth0"'
expect_error lnetctl lnet configure --all "networks= is malformed"
on 1 'dmesg | grep -q "networks=\"tcp0(eth0\": unterminated interface list"'
on 1 rmmod lnet

# Left configured at the end: the runner's teardown must cope (it unconfigures).
on 1 'load_nacre lnet && lnetctl lnet configure'
