# lnetctl export/import against the module: with only the loopback network
# the export is empty and imports as nothing; a file naming a network this
# node has no driver for fails with the kernel's reason; malformed files are
# refused before anything is applied.
# nodes: 1
# timeout: 120
# quick: yes

on 1 'lnetctl lnet configure'
on 1 'lnetctl export | tee /tmp/exp; grep -qx "net: \[\]" /tmp/exp'
on 1 'lnetctl export --backup /tmp/backup.yaml && lnetctl import /tmp/backup.yaml'
on 1 'lnetctl net show | grep -c "nid:" | grep -qx 1'

# The shipped example (tcp0 on eth0): no tcp driver yet, so a clear failure.
on 1 "lnetctl import $TOP/utils/lnetctl/lnet.conf.example 2>/tmp/err; echo rc=\$? >>/tmp/err; cat /tmp/err"
on 1 'grep -q "rc=1" /tmp/err && grep -q "ksocklnd" /tmp/err'

# Malformed input: refused with a line number, nothing applied.
on 1 'printf "net:\n    - net type: tcp\n      local NI(s):\n        - interfaces:\n              0: eth0\n              1: eth0\n" >/tmp/bad.yaml'
on 1 'lnetctl import /tmp/bad.yaml 2>/tmp/err; echo rc=$? >>/tmp/err; cat /tmp/err; grep -q "rc=1" /tmp/err && grep -q "line" /tmp/err && grep -q "nothing imported" /tmp/err'
on 1 'printf "net: [unclosed\n" | lnetctl import - 2>/tmp/err; echo rc=$? >>/tmp/err; cat /tmp/err; grep -q "rc=1" /tmp/err'
on 1 'lnetctl net show | grep -c "nid:" | grep -qx 1'
on 1 'lnetctl lnet unconfigure'
