# What scripts/demo.sh shows: two guests of Debian's kernel load the LNet
# modules built from this tree, bring LNet up on TCP with lnetctl as a
# Lustre administrator would, ping each other (ksocklnd loads on demand),
# show their peers, measure the link with the LNet self-test, and take
# everything down again.
# nodes: 2
# nets: 0:1,2
# timeout: 240

log "guest kernel: $(on 1 uname -r)"
on 1 'modinfo lnet | grep -E "^(filename|description|vermagic):"'
on_all 'modprobe lnet && lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 1 'lnetctl net show'
on 1 "lnetctl ping $(ip_of 2)@tcp"
on 2 "lnetctl ping $(ip_of 1)@tcp"
on 1 'lnetctl peer show -v'
on 2 'modprobe lnet_selftest'
on 1 "lnetctl selftest --nid $(ip_of 2)@tcp --op put --size 1M --concurrency 8 --seconds 3"
on_all unload_nacre
log "LNet over TCP configured, used and unloaded on both guests; no kernel warnings (the rig checks every guest's log)"
