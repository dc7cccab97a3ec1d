# What scripts/demo.sh shows: a guest of Debian's kernel loads the LNet
# module built from this tree, brings LNet up with lnetctl, pings itself
# through the whole message path, and takes it down again.
# nodes: 1
# timeout: 120

log "guest kernel: $(on 1 uname -r)"
on 1 'modinfo lnet | grep -E "^(filename|description|vermagic):"'
on 1 'modprobe lnet && lnetctl lnet configure'
on 1 'lnetctl net show'
on 1 'lnetctl ping 0@lo'
on 1 'lnetctl net show -v | grep -A3 statistics'
on 1 'lnetctl lnet unconfigure && rmmod lnet'
log "LNet configured, pinged and unloaded; no kernel warnings (the rig checks every guest's log)"
