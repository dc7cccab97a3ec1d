# A single guest boots, loads and unloads the rig module, and sees the
# modules built in this tree (not some other copy).
# nodes: 1
# disks: 1x64M
# timeout: 120
# quick: yes

on 1 "test \$(uname -r) = $KVER"
on 1 load_nacre nacre_rigcheck
on 1 'grep -q "nacre_rigcheck: loaded (mode=ok)" <(dmesg)'
on 1 'cmp /lib/modules/$(uname -r)/updates/nacre/nacre_rigcheck.ko '"$TOP/build/kmod/$KVER/tests/kmod/nacre_rigcheck.ko"
on 1 'test -b /dev/vda && test "$(blockdev --getsize64 /dev/vda)" = 67108864'
on 1 rmmod nacre_rigcheck
on 1 'grep -q "nacre_rigcheck: unloaded" <(dmesg)'
