# lnet.ko loads, registers the "lnet" generic netlink family with its
# 17 commands, exports its API, and unloads clean (the runner checks unload).
# nodes: 1
# timeout: 120
# quick: yes

on 1 load_nacre lnet
on 1 'genl ctrl get name lnet | tee /tmp/family'
on 1 'grep -q "Name: lnet" /tmp/family && grep -c "ID-0x" /tmp/family | grep -qx 17'
for sym in lnet_nid_parse lnet_nid_format lnet_register_lnd lnet_md_attach lnet_put lnet_get; do
	on 1 "grep -qE ' $sym\\s+\\[lnet\\]' /proc/kallsyms"
done
on 1 rmmod lnet
on 1 "! grep -q '^lnet ' /proc/modules"
# Asking for the family by name loads the module (its genl alias).
on 1 "lnetctl lnet configure && grep -q '^lnet ' /proc/modules"
on 1 "lnetctl ping 0@lo >/dev/null && lnetctl lnet unconfigure && rmmod lnet"
