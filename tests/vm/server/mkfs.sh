# mkfs.lustre and tunefs.lustre on a Debian kernel's own ext4 and loop
# driver (no Nacre module): the seeds' MGS+MDT and OST formats on virtio
# disks and an image file, what tunefs.lustre changes and keeps, every
# refusal with its message and exit status, e2fsck clean after each write.
# nodes: 1
# disks: 2x256M
# timeout: 240
# quick: yes

mdt=$(disk_of 1 0)
ost=$(disk_of 1 1)

# The seeds' commands; the blocks as Lustre prints them.
on 1 "mkfs.lustre --fsname=fs00 --mgs --mdt --index=0 $mdt | tee /tmp/mdt.out"
on 1 "grep -qx 'Target:     fs00:MDT0000' /tmp/mdt.out && grep -qx 'Flags:      0x65' /tmp/mdt.out"
on 1 "grep -qx '              (MDT MGS first_time update )' /tmp/mdt.out"
on 1 "grep -qx 'Writing CONFIGS/mountdata' /tmp/mdt.out"
on 1 "mkfs.lustre --fsname=fs00 --ost --index=1 --mgsnode=10.99.0.1@tcp0 $ost | tee /tmp/ost.out"
on 1 "grep -qx 'Parameters: mgsnode=10.99.0.1@tcp' /tmp/ost.out && grep -qx 'Flags:      0x62' /tmp/ost.out"
on 1 "e2fsck -fn $mdt && e2fsck -fn $ost"
on 1 "test \$(e2label $ost) = fs00:OST0001"
on 1 "debugfs -c -R 'cat /NACRE/VERSION' $ost 2>/dev/null | grep -qx 'nacre layout 0'"
on 1 "test \$(debugfs -c -R 'cat /CONFIGS/mountdata' $ost 2>/dev/null | wc -c) = 12288"
# Nothing left behind: no loop device, no mount, no temporary directory.
on 1 "! grep -q nacre-target /proc/self/mountinfo && ! ls -d /tmp/nacre-target.* 2>/dev/null"

# tunefs: print, then --servicenode (replaces failover.node, no_primnode),
# --writeconf; the other values stay.
on 1 "tunefs.lustre --print $ost | tee /tmp/print.out; grep -qx 'exiting before disk write.' /tmp/print.out"
on 1 "tunefs.lustre --failnode=10.99.0.7@tcp $ost"
on 1 "tunefs.lustre --servicenode=10.99.0.1@tcp --servicenode=10.99.0.2@tcp --param sys.timeout=40 $ost"
on 1 "tunefs.lustre --writeconf $ost"
on 1 "tunefs.lustre --print $ost | sed -n '/Permanent/,\$p' | tee /tmp/tuned.out"
on 1 "grep -qx 'Parameters: mgsnode=10.99.0.1@tcp failover.node=10.99.0.1@tcp:10.99.0.2@tcp sys.timeout=40' /tmp/tuned.out"
on 1 "grep -qx 'Flags:      0x1562' /tmp/tuned.out && grep -qx 'Target:     fs00:OST0001' /tmp/tuned.out"
on 1 "tunefs.lustre --erase-params --mgsnode=10.99.0.9@tcp $ost && tunefs.lustre --print $ost | grep -qx 'Parameters: mgsnode=10.99.0.9@tcp'"
on 1 "e2fsck -fn $ost"

# Refusals, each with a message that says what to do.
on 1 "fails_with 'already holds Lustre target fs00:OST0001; use --reformat' mkfs.lustre --ost --fsname=fs00 --index=1 --mgsnode=10.99.0.1@tcp $ost"
on 1 "mkdir -p /mnt/t && mount -t ext4 -o ro $ost /mnt/t"
on 1 "fails_with 'is mounted on /mnt/t (umount it first)' mkfs.lustre --reformat --ost --fsname=fs00 --index=1 --mgsnode=10.99.0.1@tcp $ost"
on 1 "fails_with 'is mounted on /mnt/t' tunefs.lustre --writeconf $ost"
on 1 "umount /mnt/t"
on 1 "fails_with 'filesystem name must be 1-8 chars' mkfs.lustre --fsname=toolongfs --ost --index=1 --mgsnode=10.99.0.1@tcp $ost"
on 1 "fails_with 'needs --mgsnode' mkfs.lustre --fsname=fs00 --ost --index=1 $ost"
on 1 "fails_with 'is not a number from 0 to 65534' mkfs.lustre --fsname=fs00 --ost --index=65535 --mgsnode=10.99.0.1@tcp $ost"
on 1 "fails_with 'ZFS back ends are not supported' mkfs.lustre --backfstype=zfs --fsname=fs00 --ost --index=1 --mgsnode=10.99.0.1@tcp $ost"
on 1 "fails_with 'not expected: --bogus' mkfs.lustre --bogus --ost $ost"
on 1 "fails_with 'no device given' mkfs.lustre --fsname=fs00 --ost --index=1 --mgsnode=10.99.0.1@tcp"
on 1 "rc=0; mkfs.lustre --ost --fsname=fs00 --index=1 --mgsnode=10.99.0.1@tcp $ost || rc=\$?; test \$rc = 17"
# A damaged mountdata is refused naming its offset.
on 1 "mount -t ext4 $ost /mnt/t && printf 'XXXXXXXX' | dd of=/mnt/t/CONFIGS/mountdata bs=1 seek=0 conv=notrunc status=none && umount /mnt/t"
on 1 "fails_with 'CONFIGS/mountdata offset 0: bad magic' tunefs.lustre --print $ost"
on 1 "mkfs.lustre --reformat --ost --fsname=fs00 --index=1 --mgsnode=10.99.0.1@tcp -q $ost && e2fsck -fn $ost"

# An image file (a loop device while it is written), sized by mkfs.lustre.
on 1 "mkfs.lustre --ost --fsname=fs00 --index=2 --mgsnode=10.99.0.1@tcp --device-size=131072 /tmp/ost2.img"
on 1 "test \$(stat -c %s /tmp/ost2.img) = 134217728 && e2fsck -fn /tmp/ost2.img"
on 1 "tunefs.lustre --print /tmp/ost2.img | grep -qx 'Target:     fs00:OST0002'"
# The loop device goes with the mount (autoclear, asynchronous on 6.x).
on 1 "for i in \$(seq 50); do [ -z \"\$(losetup -a)\" ] && exit 0; sleep 0.1; done; losetup -a; exit 1"
