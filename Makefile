# Nacre: one build for the kernel modules (kbuild, out of tree) and the
# userspace tools (CMake, C++20).
#
#   make                      modules + tools for the default kernel
#   make KVER=6.12            ... for the installed kernel whose release starts with 6.12
#   make KDIR=/path/to/build  ... against any configured kernel tree
#   make CLIENT_ONLY=1        ... the client side only (no server code; objects in build/kmod-client/)
#   make install DESTDIR=...  modules into /lib/modules/<release>/updates/nacre, tools into /usr
#   make check                unit tests, then the whole VM suite
#   make check-quick          unit tests and the quick VM subset
#   make vmtest T=rig/cluster one VM test (T is a path under tests/vm, no .sh)
#   make fuzz FUZZ_SECONDS=30 the libFuzzer harnesses of the parsers, N seconds each
#   make sparse               sparse with endian checks over the kernel sources (a warning fails)
#
# The default kernel is the running one when its build dir exists, otherwise
# Debian 12's 6.1 (scripts/kver.sh).

SHELL := /bin/bash
TOP := $(CURDIR)
BUILD ?= $(TOP)/build

ifdef KDIR
override KVER := $(shell $(TOP)/scripts/kver.sh --kdir $(KDIR))
else
override KVER := $(shell $(TOP)/scripts/kver.sh $(KVER))
override KDIR := /lib/modules/$(KVER)/build
endif
ifeq ($(KVER),)
$(error no kernel to build against; run scripts/install-deps.sh or set KDIR)
endif

# CLIENT_ONLY=1: no server code in the modules, objects in their own tree.
CLIENT_ONLY ?=
SERVER := $(if $(CLIENT_ONLY),,y)
KOUT := $(BUILD)/kmod$(if $(CLIENT_ONLY),-client)/$(KVER)
# Developer builds: warnings are errors and the test modules are built.
# DKMS builds on users' kernels turn both off (WERROR= TESTS=).
WERROR ?= y
TESTS ?= y
USER_BUILD := $(BUILD)/user
UNIT_BUILD := $(BUILD)/unit
PREFIX ?= /usr
CMAKE_GEN := $(if $(shell command -v ninja),-G Ninja,)

# Trees that kbuild sees (mirrored by symlinks into $(KOUT)).
KSRC := Kbuild kernel lnet tests/kmod
PROBES := $(wildcard kernel/compat/probes/HAVE_*.c)

.PHONY: all modules utils install install-modules install-utils clean \
	unit fuzz check check-quick vmtest deps kver help mirror dist deb rpm sparse

all: modules utils

help:
	@sed -n '2,/^$$/p' Makefile | sed 's/^# \{0,1\}//'

kver:
	@echo $(KVER)

deps:
	$(TOP)/scripts/install-deps.sh

# --- kernel modules -------------------------------------------------------

$(KOUT)/gen/nacre_autoconf.h: $(PROBES) kernel/compat/probes scripts/compat-probe.sh
	@mkdir -p $(@D)
	$(TOP)/scripts/compat-probe.sh $(KDIR) $(TOP)/kernel/compat/probes $@

mirror:
	@mkdir -p $(KOUT)
	@for d in $(KSRC); do \
		[ -e $(TOP)/$$d ] || continue; \
		mkdir -p $(KOUT)/$$(dirname $$d); \
		cp -rsfT $(TOP)/$$d $(KOUT)/$$d; \
	done
	@find $(KOUT) -xtype l -delete

modules: mirror $(KOUT)/gen/nacre_autoconf.h
	$(MAKE) -C $(KDIR) M=$(KOUT) NACRE_WERROR=$(WERROR) NACRE_TESTS=$(TESTS) NACRE_SERVER=$(SERVER) modules

# Product modules only: the test modules under tests/ are never installed.
install-modules: modules
	@sed 's|^$(KOUT)/||; s/\.o$$/.ko/' $(KOUT)/modules.order | grep -v '^tests/' | while read -r m; do \
		install -D -m 0644 $(KOUT)/$$m \
			$(DESTDIR)/lib/modules/$(KVER)/updates/nacre/$$(basename $$m) || exit 1; \
	done
	@if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

# --- userspace --------------------------------------------------------------

utils:
	cmake -S $(TOP) -B $(USER_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=RelWithDebInfo \
		-DCMAKE_INSTALL_PREFIX=$(PREFIX) -DNACRE_UNIT_TESTS=OFF >/dev/null
	cmake --build $(USER_BUILD)

install-utils: utils
	DESTDIR=$(DESTDIR) cmake --install $(USER_BUILD)

install: install-modules install-utils

# --- tests --------------------------------------------------------------------

# Unit tests: CMocka, ASan + UBSan, pure-logic kernel files through the shim.
unit:
	cmake -S $(TOP) -B $(UNIT_BUILD) $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug \
		-DNACRE_UNIT_TESTS=ON -DNACRE_SANITIZE=ON >/dev/null
	cmake --build $(UNIT_BUILD)
	ctest --test-dir $(UNIT_BUILD) --output-on-failure

# Fuzzing: a libFuzzer harness (clang, ASan + UBSan) for every parser of
# network or configuration input, each run FUZZ_SECONDS on a scratch copy of
# its seed corpus under build/fuzz/ (tests/fuzz/Makefile).
FUZZ_SECONDS ?= 30
fuzz:
	$(MAKE) -C $(TOP)/tests/fuzz OUT=$(BUILD)/fuzz FUZZ_SECONDS=$(FUZZ_SECONDS) run

# Static checks: sparse (C=2: every file, endian annotations checked) over
# the whole module build in a tree of its own, so the normal objects stay as
# they are.  Any warning or error fails.
sparse:
	@mkdir -p $(BUILD)
	set -o pipefail; $(MAKE) --no-print-directory BUILD=$(BUILD)/sparse C=2 \
		CF=-D__CHECK_ENDIAN__ modules 2>&1 | tee $(BUILD)/sparse.log
	@if grep -E ': (warning|error):' $(BUILD)/sparse.log; then \
		echo "sparse: the warnings above (log: $(BUILD)/sparse.log)"; exit 1; fi

vmtest: modules utils
	$(TOP)/tests/vm/run --kernel $(KVER) $(if $(T),$(T),--all)

check: all unit
	$(TOP)/tests/vm/run --kernel $(KVER) --all

check-quick: all unit
	$(TOP)/tests/vm/run --kernel $(KVER) --quick

# --- packages -------------------------------------------------------------------

VERSION := $(shell grep -m1 -o 'nacre VERSION [0-9.]*' $(TOP)/CMakeLists.txt | cut -d' ' -f3)

# The source tarball: the files git tracks or would track (not build/), as
# they are in the working tree.
SRC_FILES = cd $(TOP) && git ls-files -z --cached --others --exclude-standard
dist:
	@mkdir -p $(BUILD)/dist
	$(SRC_FILES) | tar -C $(TOP) --null -T - --transform 's|^|nacre-$(VERSION)/|S' \
		-czf $(BUILD)/dist/nacre-$(VERSION).tar.gz

deb: dist
	@rm -rf $(BUILD)/deb && mkdir -p $(BUILD)/deb
	tar -C $(BUILD)/deb -xzf $(BUILD)/dist/nacre-$(VERSION).tar.gz
	cd $(BUILD)/deb/nacre-$(VERSION) && dpkg-buildpackage -us -uc -b -jauto
	@ls $(BUILD)/deb/*.deb

rpm: dist
	@rm -rf $(BUILD)/rpm && mkdir -p $(BUILD)/rpm/SOURCES
	cp $(BUILD)/dist/nacre-$(VERSION).tar.gz $(BUILD)/rpm/SOURCES/
	rpmbuild -bb --nodeps --define "_topdir $(BUILD)/rpm" --define "nacre_version $(VERSION)" \
		$(TOP)/rpm/nacre.spec
	@find $(BUILD)/rpm/RPMS -name '*.rpm'

clean:
	rm -rf $(BUILD)
