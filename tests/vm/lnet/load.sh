# lnet.ko loads on its own, exports the NID library, and unloads clean.
# nodes: 1
# timeout: 120
# quick: yes

on 1 load_nacre lnet
for sym in lnet_nid_parse lnet_nid_format lnet_net_parse lnet_net_format; do
	on 1 "grep -qw '__ksymtab_$sym' /proc/kallsyms || grep -qE ' $sym\\s+\\[lnet\\]' /proc/kallsyms"
done
on 1 rmmod lnet
on 1 "! grep -q '^lnet ' /proc/modules"
