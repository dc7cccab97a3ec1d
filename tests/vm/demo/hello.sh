# What scripts/demo.sh shows: a guest of Debian's kernel loads the Nacre
# modules built from this tree and unloads them clean.
# nodes: 1
# timeout: 120

log "guest kernel: $(on 1 uname -r)"
on 1 'modinfo lnet | grep -E "^(filename|description|vermagic):"'
on 1 load_nacre lnet
on 1 'grep -E "^lnet " /proc/modules'
on 1 'grep -E "\[lnet\]" /proc/kallsyms | grep -E " (T|t) lnet_(nid|net)_" | sort -k3'
on 1 rmmod lnet
log "lnet loaded and unloaded; no kernel warnings (the rig checks every guest's log)"
