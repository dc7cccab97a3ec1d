# lnetctl export/import against the module, and the boot-time service:
# a configuration with two networks, a peer, a route and a global setting is
# exported, LNet is unconfigured, and importing the export restores the same
# configuration (compared export to export); the seed procedure ("net show
# > /etc/lnet.conf", "net del", then the service imports it) works; the
# unit's own ExecStart/ExecStop lines bring LNet up from /etc/lnet.conf and
# down again; the shipped example imports; malformed files are refused
# before anything is applied.
# nodes: 2
# nets: 0:1,2 1:1
# timeout: 300
# quick: yes

on_all 'lnetctl lnet configure && lnetctl net add --net tcp0 --if eth0'
on 1 'lnetctl net add --net tcp1 --if eth1'
on 1 "lnetctl peer add --prim_nid $(ip_of 2)@tcp"
on 1 "lnetctl route add --net tcp7 --gateway $(ip_of 2)@tcp --hop 2 --priority 1"
on 1 'lnetctl set health_sensitivity 50'
on 1 'lnetctl export --backup >/tmp/a.yaml; cat /tmp/a.yaml'
on 1 'grep -q "net type: tcp1" /tmp/a.yaml && grep -q "gateway:" /tmp/a.yaml && grep -q "primary nid:" /tmp/a.yaml'

# Down, up, import: the same configuration.
on 1 'lnetctl lnet unconfigure && lnetctl lnet configure && lnetctl set health_sensitivity 100'
on 1 '! lnetctl net show | grep -q "@tcp"'
on 1 'lnetctl import /tmp/a.yaml && lnetctl export --backup >/tmp/b.yaml && diff -u /tmp/a.yaml /tmp/b.yaml'
on 1 'lnetctl global show | grep -q "health_sensitivity: 50"'
on 1 "lnetctl ping $(ip_of 2)@tcp >/dev/null"
# Importing again changes nothing and is not an error.
on 1 'lnetctl import /tmp/a.yaml && lnetctl export --backup | diff -u /tmp/a.yaml -'
# --del takes out what the file lists.
on 1 'lnetctl import --del /tmp/a.yaml && ! lnetctl net show | grep -q "@tcp" && ! lnetctl route show | grep -q tcp7'
on 1 'lnetctl net add --net tcp0 --if eth0'

# The seed procedure: net show > /etc/lnet.conf, net del, then the unit.
on 2 'lnetctl net show --net tcp0 >/etc/lnet.conf && lnetctl net del --net tcp0 && lnetctl lnet unconfigure && rmmod ksocklnd lnet'
# The unit's commands, with lnetctl from the build instead of /usr/sbin.
on 2 "sed 's|/usr/sbin/lnetctl|lnetctl|g' $TOP/utils/lnetctl/lnet.service >/tmp/lnet.service"
unit=/tmp/lnet.service
on 2 "sed -n 's/^ExecStart=//p' $unit | while read -r cmd; do echo \"+ \$cmd\"; eval \"\$cmd\" || exit 1; done"
on 2 "lnetctl net show --net tcp0 | grep -q 'nid: $(ip_of 2)@tcp' && lnetctl ping $(ip_of 1)@tcp >/dev/null"
on 2 "sed -n 's/^ExecStop=-\\?//p' $unit | while read -r cmd; do echo \"+ \$cmd\"; eval \"\$cmd\" || exit 1; done"
on 2 '! grep -q "^lnet " /proc/modules'
# Without /etc/lnet.conf the unit still succeeds (0@lo only); a bad one fails it.
on 2 "rm /etc/lnet.conf; sed -n 's/^ExecStart=//p' $unit | while read -r cmd; do eval \"\$cmd\" || exit 1; done"
on 2 'printf "net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              0: eth9\n" >/etc/lnet.conf'
on 2 "fails_with 'eth9' sh -c \"sed -n 's/^ExecStart=//p' $unit | while read -r cmd; do eval \\\"\\\$cmd\\\" || exit 1; done\""
on 2 'rm /etc/lnet.conf'

# The shipped example: tcp0 on eth0.
on 1 "lnetctl import $TOP/utils/lnetctl/lnet.conf.example && lnetctl net show --net tcp0 | grep -q 'nid: $(ip_of 1)@tcp'"

# Malformed input: refused with a line number, nothing applied.
on 1 'lnetctl net del --net tcp0'
on 1 'printf "net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              0: eth0\n              1: eth0\n" >/tmp/bad.yaml'
on 1 'fails_with "line" lnetctl import /tmp/bad.yaml'
on 1 'printf "net: [unclosed\n" >/tmp/bad2.yaml; fails_with "line" lnetctl import /tmp/bad2.yaml'
on 1 'lnetctl net show | grep -c "nid:" | grep -qx 1'
