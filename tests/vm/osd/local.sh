# The backing store's private ext4 mount (osd_ldiskfs.ko, device type
# osd-ldiskfs): setup mounts a formatted OST out of every namespace; a
# second mount of the same ext4 (by a second device, or by an administrator
# before setup) is refused; cleanup leaves the device unmounted at once
# (e2fsck clean, mkfs.lustre --reformat works); a device that is not a
# Nacre store, or not ext4 at all, is refused with a message and no oops.
# The write-ahead log: created at the first setup (64 MiB, written), checked
# at each; a torn last unit is the log's normal end, units to replay are
# refused (replay is not built yet), a corrupt unit or header is refused
# naming the file and offset, a creation cut short (zeros only) is redone;
# read-only setup needs the log made already.
# nodes: 1
# disks: 2x256M
# timeout: 200
# quick: yes

ost=$(disk_of 1 0)
raw=$(disk_of 1 1)

on 1 "mkfs.lustre --fsname=fs00 --ost --index=0 --mgsnode=10.99.0.1@tcp $ost >/dev/null"
on 1 "load_nacre osd_ldiskfs"
on 1 "lctl attach osd-ldiskfs ost0 && lctl --device ost0 setup $ost"
on 1 "lctl dl | grep -Eq ' UP osd-ldiskfs ost0 '"
on 1 "dmesg | grep -q 'osd_ldiskfs: $ost: mounted'"
# In no namespace: not in this one's mount table.
on 1 "! grep -q '$ost' /proc/self/mountinfo"

# The same ext4 a second time: refused, the first mount untouched.
on 1 "lctl attach osd-ldiskfs ost0b && ! lctl --device ost0b setup $ost"
on 1 "dmesg | grep -q '$ost: its ext4 is mounted elsewhere; unmount it first'"
on 1 "lctl --device ost0b detach"
on 1 "lctl dl | grep -Eq ' UP osd-ldiskfs ost0 '"

# Cleanup unmounts before it returns: the device is free at once.
on 1 "lctl --device ost0 cleanup && lctl --device ost0 detach"
on 1 "e2fsck -fn $ost"
on 1 "mkfs.lustre --reformat --fsname=fs00 --ost --index=0 --mgsnode=10.99.0.1@tcp $ost >/dev/null"

# Read-only, the log not made yet: refused, nothing written.
on 1 "lctl attach osd-ldiskfs ro && ! lctl --device ro setup $ost rdonly"
on 1 "dmesg | grep -q '$ost: no /NACRE/WAL and mounted read-only: cannot make it'"
on 1 "lctl --device ro detach && e2fsck -fn $ost"

# Mounted by the administrator first: refused; after umount, accepted.
on 1 "mkdir -p /mnt/ost && mount -t ext4 $ost /mnt/ost"
on 1 "lctl attach osd-ldiskfs ost1 && ! lctl --device ost1 setup $ost"
on 1 "umount /mnt/ost"
on 1 "lctl --device ost1 setup $ost && lctl --device ost1 cleanup && lctl --device ost1 detach"
on 1 "e2fsck -fn $ost"

# Not a Nacre store (plain ext4), and not ext4 at all (zeros).
on 1 "mkfs.ext4 -q -F $raw"
on 1 "lctl attach osd-ldiskfs raw && ! lctl --device raw setup $raw"
on 1 "dmesg | grep -q '$raw: no /NACRE/VERSION: not formatted by mkfs.lustre'"
on 1 "dd if=/dev/zero of=$raw bs=1M count=4 conv=fsync status=none"
on 1 "! lctl --device raw setup $raw"
on 1 "dmesg | grep -q '$raw: cannot mount its ext4'"
on 1 "! lctl --device raw setup"
on 1 "lctl --device raw detach"
on 1 "e2fsck -fn $ost"

# The log, made by the setup of ost1 above.
wal=/mnt/ost/NACRE/WAL
on 1 "lctl attach osd-ldiskfs w && lctl --device w setup $ost"
on 1 "dmesg | grep -q '$ost: /NACRE/WAL header copy 0, seq 1, log ends at lsn 1 offset 0x2000'"
on 1 "lctl --device w cleanup"
on 1 "mount -t ext4 $ost /mnt/ost && test \$(stat -c %s $wal) = 67108864 && test \$(stat -c %b $wal) -ge 131072"
on 1 "umount /mnt/ost"

# A torn first unit, nothing after it: the log's normal end.
on 1 "mount -t ext4 $ost /mnt/ost && wal-units 1 1 | dd of=$wal bs=4096 seek=2 conv=notrunc status=none"
on 1 "printf x | dd of=$wal bs=1 seek=$((8192 + 100)) conv=notrunc status=none && umount /mnt/ost"
on 1 "lctl --device w setup $ost && lctl --device w cleanup"

# Three units: a replay is needed, which is not built: refused, saying so.
on 1 "mount -t ext4 $ost /mnt/ost && wal-units 1 3 | dd of=$wal bs=4096 seek=2 conv=notrunc status=none && umount /mnt/ost"
on 1 "! lctl --device w setup $ost"
on 1 "dmesg | grep -q '$ost: /NACRE/WAL holds 3 units from lsn 1 to replay; replay is not built yet'"

# The first of them corrupt, the next valid: refused, naming file and offset.
on 1 "mount -t ext4 $ost /mnt/ost && printf x | dd of=$wal bs=1 seek=$((8192 + 100)) conv=notrunc status=none && umount /mnt/ost"
on 1 "! lctl --device w setup $ost"
on 1 "dmesg | grep -q '$ost: WAL corrupt at /NACRE/WAL offset 0x2028 (lsn 1): bad unit crc'"

# Header copy 0 broken, copy 1 never written: refused.
on 1 "mount -t ext4 $ost /mnt/ost && printf x | dd of=$wal bs=1 seek=100 conv=notrunc status=none && umount /mnt/ost"
on 1 "! lctl --device w setup $ost"
on 1 "dmesg | grep -q '$ost: WAL header bad at /NACRE/WAL offset 0xffc: bad header crc'"

# Both copies zeroed, units still in the area: refused, not formatted again.
on 1 "mount -t ext4 $ost /mnt/ost && dd if=/dev/zero of=$wal bs=4096 count=2 conv=notrunc status=none && umount /mnt/ost"
on 1 "! lctl --device w setup $ost"
on 1 "dmesg | grep -q '$ost: WAL header bad at /NACRE/WAL offset 0x0: bad header magic'"

# A creation cut short (a short file of zeros): formatted again.
on 1 "mount -t ext4 $ost /mnt/ost && truncate -s 0 $wal && truncate -s 5000 $wal && umount /mnt/ost"
on 1 "lctl --device w setup $ost && lctl --device w cleanup"
on 1 "dmesg | grep -q '$ost: /NACRE/WAL unfinished: formatting it again'"
on 1 "mount -t ext4 $ost /mnt/ost && test \$(stat -c %s $wal) = 67108864 && umount /mnt/ost"
# Read-only with its log: mounted.
on 1 "lctl --device w setup $ost rdonly && lctl --device w cleanup"
on 1 "dmesg | grep -q '$ost: mounted read-only'"
on 1 "lctl --device w detach"
on 1 "e2fsck -fn $ost"
