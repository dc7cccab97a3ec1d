# The Debian packages: built here from this tree, installed in a guest where
# DKMS builds the modules for the guest's kernel; the modules load from the
# DKMS location and the packaged lnetctl and lctl drive them; removing the
# packages removes them.  Also checks that
# dkms.conf names every product module the build makes.
# nodes: 1
# timeout: 1500

# Every product module of this build is in dkms.conf, and nothing else.
built=$(sed "s|^$TOP/build/kmod/$KVER/||" "$TOP/build/kmod/$KVER/modules.order" |
	grep -v '^tests/' | xargs -n1 basename | sed 's/\.[ok]*$//' | sort)
listed=$(sed -n 's/^BUILT_MODULE_NAME\[[0-9]*\]="\(.*\)"/\1/p' "$TOP/scripts/dkms.conf.in" | sort)
if [ "$built" != "$listed" ]; then
	echo "dkms.conf lists: $listed"
	echo "the build makes: $built"
	exit 1
fi

make -s -C "$TOP" deb >/tmp/nacre-deb.log 2>&1 || {
	tail -n 30 /tmp/nacre-deb.log
	exit 1
}
deb=$TOP/build/deb

# Drop the rig's staged copies so that only the package can provide them,
# and hide the headers of the other installed kernels (in the guest's overlay
# only) so that DKMS builds for this one, as on a one-kernel machine.
on 1 'rm -rf /lib/modules/$(uname -r)/updates/nacre'
on 1 'for b in /lib/modules/*/build; do [ "$b" = /lib/modules/$(uname -r)/build ] || rm -f "$b"; done'
on 1 "dpkg -i $deb/nacre-dkms_*_all.deb $deb/nacre-utils_*_amd64.deb"
# nacre-utils also ships the unit (not enabled), the manuals and the example.
on 1 'test -f /lib/systemd/system/lnet.service && test -f /usr/share/man/man8/lnetctl.8.gz &&
	test -f /usr/share/man/man8/lctl.8.gz &&
	test -f /usr/share/doc/nacre-utils/lnet.conf.example && ! test -e /etc/lnet.conf &&
	! test -e /etc/systemd/system/multi-user.target.wants/lnet.service'
on 1 'dkms status nacre | grep -q "installed"'
on 1 'modinfo -n lnet | grep -q "/updates/dkms/lnet.ko"'
on 1 'modprobe lnet && grep -q "^lnet " /proc/modules'
# The packaged tools drive the DKMS-built module.
on 1 '/usr/sbin/lnetctl lnet configure && /usr/sbin/lnetctl ping 0@lo | grep -q "nid: 0@lo"'
on 1 '/usr/sbin/lctl ping 0@lo | grep -q -- "-0@lo$"'
on 1 '/usr/sbin/lnetctl lnet unconfigure'
on 1 'rmmod lnet'
on 1 'dpkg -r nacre-dkms nacre-utils'
on 1 '! modinfo -n lnet 2>/dev/null && ! test -e /usr/sbin/lnetctl && ! test -e /usr/sbin/lctl'
