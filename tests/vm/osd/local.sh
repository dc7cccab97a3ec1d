# The backing store's private ext4 mount (osd_ldiskfs.ko, device type
# osd-ldiskfs): setup mounts a formatted OST out of every namespace; a
# second mount of the same ext4 (by a second device, or by an administrator
# before setup) is refused; cleanup leaves the device unmounted at once
# (e2fsck clean, mkfs.lustre --reformat works); a device that is not a
# Nacre store, or not ext4 at all, is refused with a message and no oops.
# nodes: 1
# disks: 2x256M
# timeout: 150
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
