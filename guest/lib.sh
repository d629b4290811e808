# Guest-side helpers for scenarios (installed as /lib/bench.sh).
# Scenarios are busybox sh; every check ends as exactly one KTAP line on
# the control channel (ttyS1), copied to the console.  Lines starting with
# "# report:" feed the human report of 'make run'.

BENCH_N=0
BENCH_VARIANT=unknown
BENCH_CONFIG=default
BENCH_CTL=ttyS1
QMP_REPLY=

bench_start() {
	for arg in $(cat /proc/cmdline); do
		case $arg in
		bench.variant=*) BENCH_VARIANT=${arg#bench.variant=} ;;
		bench.config=*) BENCH_CONFIG=${arg#bench.config=} ;;
		bench.ctl=*) BENCH_CTL=${arg#bench.ctl=} ;;
		esac
	done
	# The control channel: a second serial port, or a virtio console.
	i=0
	while [ ! -e "/dev/$BENCH_CTL" ] && [ $i -lt 50 ]; do
		sleep 0.1; i=$((i + 1))
	done
	stty -F "/dev/$BENCH_CTL" raw -echo -icrnl -opost 115200 2>/dev/null
	exec 3<>"/dev/$BENCH_CTL"
	ctl "KTAP version 1"
	diag "kernel $(uname -r), config $BENCH_CONFIG, variant $BENCH_VARIANT, scenario $scenario"
}

bench_end() {
	ctl "1..$BENCH_N"
	sync
	ctl "@@done"
	# The host acknowledges once it has read everything: a serial port
	# may still be sending when poweroff stops the machine.
	read -t 30 -r _ <&3
	poweroff -f
}

# One line to the control channel and the console.
ctl() {
	printf '%s\n' "$*" >&3
	case $1 in @@*) ;; *) printf '%s\n' "$*" ;; esac
}

diag() { ctl "# $*"; }
report() { ctl "# report: $*"; }

ktap_result() {	# ok|not ok, name, [directive/comment]
	BENCH_N=$((BENCH_N + 1))
	if [ -n "${3:-}" ]; then
		ctl "$1 $BENCH_N $2 # $3"
	else
		ctl "$1 $BENCH_N $2"
	fi
}
ktap_ok()   { ktap_result "ok" "$1" "${2:-}"; }
ktap_fail() { ktap_result "not ok" "$1" "${2:-}"; }
ktap_skip() { ktap_result "ok" "$1" "SKIP ${2:-}"; }

# Ask the host to run one QMP command; QMP_REPLY holds the reply.
qmp() {
	printf '@@qmp %s\n' "$1" >&3
	QMP_REPLY=
	if ! read -t 120 -r line <&3; then
		QMP_REPLY="no reply from the host"
		return 1
	fi
	case $line in
	"@@qmp-reply ok"*) QMP_REPLY=${line#@@qmp-reply ok }; return 0 ;;
	"@@qmp-reply error"*) QMP_REPLY=${line#@@qmp-reply error }; return 1 ;;
	*) QMP_REPLY="unexpected reply: $line"; return 1 ;;
	esac
}

# qmp_step NAME JSON: a QMP command as a KTAP check.
qmp_step() {
	if qmp "$2"; then
		ktap_ok "$1"
	else
		ktap_fail "$1" "QMP: $QMP_REPLY"
		return 1
	fi
}

# wait_for SECONDS COMMAND...: poll until COMMAND succeeds.
wait_for() {
	t=$1; shift
	end=$(( $(date +%s) + t ))
	while ! "$@" >/dev/null 2>&1; do
		[ "$(date +%s)" -ge "$end" ] && return 1
		sleep 0.5
	done
	return 0
}

MiB=1048576

# meminfo_kb FIELD: a /proc/meminfo field in kB.
meminfo_kb() { awk -v f="$1:" '$1 == f {print $2}' /proc/meminfo; }
memtotal_kb() { meminfo_kb MemTotal; }
hwcorrupted_kb() { meminfo_kb HardwareCorrupted; }

# expect_meminfo NAME FIELD KB: /proc/meminfo's FIELD equals KB exactly.
expect_meminfo() {
	now=$(meminfo_kb "$2")
	if [ -z "$now" ]; then
		ktap_fail "$1" "no $2 in /proc/meminfo"
	elif [ "$now" = "$3" ]; then
		ktap_ok "$1" "$2 $now kB"
	else
		ktap_fail "$1" "$2 $now kB, expected ${3:-nothing} kB (off by $((now - ${3:-0})) kB)"
	fi
}
expect_memtotal() { expect_meminfo "$1" MemTotal "$2"; }
expect_hwcorrupted() { expect_meminfo "$1" HardwareCorrupted "$2"; }

# expect_all NAME OK N WHAT [WHY]: all N attempts at WHAT succeeded, not
# only OK of them (WHY says what went wrong).
expect_all() {
	if [ "$2" -eq "$3" ]; then
		ktap_ok "$1" "all $3 $4"
	else
		ktap_fail "$1" "$2 of $3 $4${5:+; $5}"
	fi
}

TEST_MEMMAP=/sys/kernel/debug/test_memmap

# Per zone: node, name, start, end, spanned, present, managed, and with
# lib/test_memmap whether the zone is contiguous (zone->contiguous, which
# /proc/zoneinfo does not show).
# ZONE_SOURCE=zoneinfo (scenarios that must not need the test module)
# reads /proc/zoneinfo even where lib/test_memmap is built in.
zone_table() {
	if [ "${ZONE_SOURCE:-}" != zoneinfo ] && [ -r $TEST_MEMMAP/zones ]; then
		cat $TEST_MEMMAP/zones
		return
	fi
	awk '
	/^Node/ { if (z != "") out(); n = $2; sub(",", "", n); z = $4; s = p = m = 0; st = -1 }
	/^ *spanned/ { s = $2 } /^ *present/ { p = $2 } /^ *managed/ { m = $2 }
	/^ *start_pfn:/ { st = $2 }
	function out() {
		if (s == 0) return
		# /proc/zoneinfo gives no start_pfn for a zone without present pages
		if (st < 0) printf "node=%s zone=%s start=? end=? spanned=%d present=%d managed=%d\n", n, z, s, p, m
		else printf "node=%s zone=%s start=0x%x end=0x%x spanned=%d present=%d managed=%d\n", n, z, st, st + s, s, p, m
	}
	END { if (z != "") out() }' /proc/zoneinfo
}

# Memory blocks by state and zone, e.g. "online:31 offline:2".
block_states() {
	for b in /sys/devices/system/memory/memory*; do
		[ -r "$b/state" ] && cat "$b/state"
	done | sort | uniq -c | awk '{printf "%s%s:%s", sep, $2, $1; sep=" "} END {print ""}'
}

# System RAM as pfn ranges [start, end), from /proc/iomem.
ram_ranges() {
	sed -n 's/^\([0-9a-f]*\)-\([0-9a-f]*\) : System RAM$/\1 \2/p' /proc/iomem |
		while read -r s e; do
			printf '0x%x-0x%x\n' $((0x$s / 4096)) $(((0x$e + 1) / 4096))
		done
}

report_boot() {
	report "kernel $(uname -r) cmdline: $(cat /proc/cmdline)"
	ram_ranges | while read -r l; do report "ram $l"; done
	zone_table | while read -r l; do report "zone $l"; done
	dmesg | grep -E 'pages in unavailable ranges' | sed 's/^\[[^]]*\] *//' |
		while read -r l; do report "holes $l"; done
	report "blocks $(block_states) block_size=$(cat /sys/devices/system/memory/block_size_bytes 2>/dev/null)"
	report "memtotal $(memtotal_kb) kB"
	ktap_ok "boot" "MemTotal $(memtotal_kb) kB"
	mminit_holes_check
}

# boot.mminit-holes: what CONFIG_DEBUG_MEMORY_INIT's hole check (the holes
# posting; the base variant has it too) said at boot: with
# mminit_loglevel=2 a clean result is a line of its own.  A kernel
# without the check skips.
mminit_holes_check() {
	local bad first
	bad=$(dmesg | sed -n "s/.*mminit::memmap_holes \([0-9]*\) hole pages inside a zone's span name another zone.*/\1/p" | head -n1)
	first=$(dmesg | sed -n "s/.*name another zone, \(the first pfn .*\)/\1/p" | head -n1)
	if [ -n "$bad" ]; then
		ktap_fail boot.mminit-holes "$bad hole pages inside a zone's span name another zone${first:+; $first}"
	elif dmesg | grep -q "mminit::memmap_holes every hole page inside a zone's span names that zone"; then
		ktap_ok boot.mminit-holes "every hole page inside a zone's span names that zone"
	else
		ktap_skip boot.mminit-holes "no memmap hole check in this kernel"
	fi
}

# kunit_results SUITE: the results KUnit printed at boot for SUITE, one
# check kunit.SUITE.CASE each; a kernel without the suite skips.
kunit_results() {
	local suite=$1 n=0 line st name
	dmesg | sed 's/^\[[^]]*\] //' | awk -v s="$1" '
		/# Subtest: / { insuite = ($NF == s); next }
		insuite && /^ +(not )?ok [0-9]+ / { sub(/^ +/, ""); print; next }
		/^(not )?ok [0-9]+ / { insuite = 0 }' > /tmp/kunit.out
	while read -r line; do
		st=ok
		case $line in "not ok "*) st="not ok" ;; esac
		name=$(echo "$line" | sed -E 's/^(not )?ok [0-9]+ ([^ #]+).*/\2/')
		ktap_result "$st" "kunit.$suite.$name"
		n=$((n + 1))
	done < /tmp/kunit.out
	[ $n -gt 0 ] || ktap_skip "kunit.$suite" "no KUnit suite $suite in this kernel"
}

# Run an installed kselftest script; one KTAP line.
run_kselftest() {	# collection/name [args]
	t=/kselftest/$1; shift
	if [ ! -x "$t" ]; then
		ktap_skip "kselftest:${t#/kselftest/}" "not installed"
		return
	fi
	( cd "$(dirname "$t")" && "./$(basename "$t")" "$@" ) > /tmp/kst.out 2>&1
	rc=$?
	sed 's/^/    /' /tmp/kst.out
	name="kselftest:${t#/kselftest/}"
	case $rc in
	0) ktap_ok "$name" ;;
	4) ktap_skip "$name" "$(tail -n 1 /tmp/kst.out)" ;;
	*) ktap_fail "$name" "exit $rc: $(tail -n 1 /tmp/kst.out)" ;;
	esac
}

# --- virtio-mem, driven from the host over QMP -----------------------------

# Plugged size of virtio-mem device ID as QEMU sees it, in bytes.
vmem_size() {
	qmp "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/$1\",\"property\":\"size\"}}" &&
		echo "$QMP_REPLY"
}

# MemTotal unchanged over two reads a second apart.
memtotal_settled() {
	a=$(memtotal_kb); sleep 1; [ "$a" = "$(memtotal_kb)" ]
}

# vmem_set ID BYTES [TIMEOUT]: ask the host to resize virtio-mem device ID,
# wait for the device to report the new plugged size and MemTotal to
# settle.  VMEM_SECONDS holds how long it took, VMEM_ERR why it failed.
vmem_set() {
	id=$1 bytes=$2 t=${3:-180}
	start=$(date +%s)
	VMEM_ERR=
	if ! qmp "{\"execute\":\"qom-set\",\"arguments\":{\"path\":\"/machine/peripheral/$id\",\"property\":\"requested-size\",\"value\":$bytes}}"; then
		VMEM_ERR="QMP qom-set: $QMP_REPLY"
		return 1
	fi
	end=$((start + t))
	while [ "$(vmem_size "$id")" != "$bytes" ]; do
		if [ "$(date +%s)" -ge "$end" ]; then
			VMEM_ERR="plugged size $(vmem_size "$id") != $bytes after ${t}s"
			return 1
		fi
		sleep 0.5
	done
	if ! wait_for 60 memtotal_settled; then
		VMEM_ERR="MemTotal still changing 60s after the device reached $bytes bytes"
		return 1
	fi
	VMEM_SECONDS=$(( $(date +%s) - start ))
}

# vmem_resize NAME ID BYTES [TIMEOUT]: vmem_set as one KTAP line.
vmem_resize() {
	if vmem_set "$2" "$3" "${4:-180}"; then
		ktap_ok "$1" "plugged $3 bytes in ${VMEM_SECONDS}s, MemTotal $(memtotal_kb) kB"
	else
		ktap_fail "$1" "$VMEM_ERR"
		return 1
	fi
}

# --- memory blocks through sysfs --------------------------------------------

# Blocks whose valid_zones contain ZONE (e.g. Movable) and that are online.
online_blocks_in() {
	for b in /sys/devices/system/memory/memory*; do
		grep -q online "$b/state" 2>/dev/null || continue
		grep -qw "$1" "$b/valid_zones" 2>/dev/null && echo "${b##*/memory}"
	done
}

# block_set N STATE: write STATE (offline, online, online_movable,
# online_kernel) to memory block N; 0 when the state took.
block_set() {
	echo "$2" > "/sys/devices/system/memory/memory$1/state" 2>/dev/null || return 1
	case $2 in offline) grep -q offline "/sys/devices/system/memory/memory$1/state" ;;
	*) grep -q online "/sys/devices/system/memory/memory$1/state" ;; esac
}

# Online every offline block (movable), as at the end of a sysfs test.
online_all_blocks() {
	for b in /sys/devices/system/memory/memory*; do
		grep -q offline "$b/state" && echo online_movable > "$b/state" 2>/dev/null
	done
}

# Offline a block, retrying for up to 10 s while it is busy.
block_offline_retry() {
	i=0
	while ! block_set "$1" offline; do
		i=$((i + 1))
		[ $i -ge 20 ] && return 1
		echo 1 > /proc/sys/vm/compact_memory 2>/dev/null
		sleep 0.5
	done
}

# --- nested KTAP from kselftests -------------------------------------------

# ktap_reemit FILE: each result of the TAP in FILE as ours (renumbered),
# its diagnostics as ours; nres counts the results.
ktap_reemit() {
	nres=0
	while IFS= read -r l; do
		case $l in
		"ok "*|"not ok "*)
			st=ok; case $l in "not ok "*) st="not ok" ;; esac
			rest=${l#"$st "}; rest=${rest#* }
			nm=${rest%% *}; cm=
			case $rest in *" # "*) cm=${rest#* # } ;; esac
			ktap_result "$st" "$nm" "$cm"
			nres=$((nres + 1)) ;;
		"# "*) diag "${l#\# }" ;;
		esac
	done < "$1"
}

# ktap_replay NAME FILE RC: the results a kselftest run in the background
# wrote to FILE, as ours; if it wrote none, NAME fails with its exit status.
ktap_replay() {
	ktap_reemit "$2"
	[ $nres -gt 0 ] || ktap_fail "$1" "exit $3 without results: $(tail -n 1 "$2")"
}

# ktap_reemit_as FILE NAME...: the results of an upstream kselftest,
# whose descriptions are sentences, as ours: the n-th result is named by
# the n-th NAME, its description goes into the comment.  A result without
# a NAME, or a NAME without a result, fails.
ktap_reemit_as() {
	f=$1
	shift
	while IFS= read -r l; do
		case $l in
		"ok "*|"not ok "*)
			st=ok; case $l in "not ok "*) st="not ok" ;; esac
			rest=${l#"$st "}; rest=${rest#* }
			if [ $# -gt 0 ]; then
				ktap_result "$st" "$1" "$rest"
				shift
			else
				ktap_fail "unexpected" "$rest"
			fi ;;
		"# "*) diag "${l#\# }" ;;
		esac
	done < "$f"
	for nm in "$@"; do
		ktap_fail "$nm" "no result: $(grep -m1 -E 'SKIP|Bail out' "$f" || tail -n 1 "$f")"
	done
}

# run_ktap COMMAND...: run a kselftest that prints TAP and re-emit each of
# its results as ours (renumbered); its diagnostics go to the console and
# the control channel.  A kselftest that skips as a whole (exit 4) is one
# SKIP line; one that fails without results is one failed line.
run_ktap() {
	"$@" > /tmp/ktap.out 2>/tmp/ktap.err
	rc=$?
	ktap_reemit /tmp/ktap.out
	sed 's/^/    /' /tmp/ktap.err
	if [ $nres -eq 0 ]; then
		name=$(basename "$1")
		case $rc in
		4) ktap_skip "$name" "$(grep -o 'SKIP.*' /tmp/ktap.out | head -n 1)" ;;
		0) ktap_ok "$name" ;;
		*) ktap_fail "$name" "exit $rc without results: $(tail -n 1 /tmp/ktap.err)" ;;
		esac
	fi
	return $rc
}

KSFT_MH=/kselftest/memory-hotplug

# memmap_check TAG [memmap_check.sh options]: the invariants of every
# valid pfn, as results TAG.i1.zone, TAG.i1.node, TAG.i2.hole, TAG.i6.*
memmap_check() {
	tag=$1; shift
	run_ktap "$KSFT_MH/memmap_check.sh" -t "$tag" "$@"
}

# What /proc/kpageflags reads for a pfn without an online memmap: 6.1
# reports KPF_NOPAGE; Linux 7.2's kpage_read() reports no flag at all,
# which the 7.2 series' kpageflags_count counts as "absent" (KPF_NOPAGE or
# no flag; a ZONE_DEVICE page always has KPF_RESERVED).
case $(uname -r) in
6.1.*) NOPAGE=nopage ;;
*) NOPAGE=absent ;;
esac

# kpageflags TAG START END NAME=N...: /proc/kpageflags counts over pfns.
kpageflags() {
	tag=$1; shift
	run_ktap "$KSFT_MH/kpageflags_count" -t "$tag" "$@"
}

# The counters of a zone_table that must come back (I5): ZONE_DEVICE
# spans are never shrunk, and 6.1 computes contiguity when memory goes
# online before its sections are marked online (it is compared with the
# base at boot instead, by check.py's zones.vs-base).
zone_counters() { grep -v ' zone=Device ' | sed 's/ contiguous=[01]//'; }

# expect_zones NAME SNAPSHOT: zone_table equals an earlier snapshot
# (present, managed and spanned of every zone: invariant I5).
expect_zones() {
	if [ "$(zone_table | zone_counters)" = "$(echo "$2" | zone_counters)" ]; then
		ktap_ok "$1" "present/managed/spanned unchanged"
	else
		diag "zones before:"; echo "$2" | while read -r l; do diag "  $l"; done
		diag "zones now:"; zone_table | while read -r l; do diag "  $l"; done
		ktap_fail "$1" "zone counters differ"
	fi
}

# Guest physical address of a memory device's region, from QEMU.
device_addr() {
	qmp "{\"execute\":\"qom-get\",\"arguments\":{\"path\":\"/machine/peripheral/$1\",\"property\":\"${2:-memaddr}\"}}" &&
		echo "$QMP_REPLY"
}

pfn_hex() { printf '0x%x' $(( $1 / 4096 )); }

# --- pc-dimm -----------------------------------------------------------------

memory_blocks() { ls -d /sys/devices/system/memory/memory* | wc -l; }
dimm_grown() { [ "$(memtotal_kb)" -gt "$DIMM_MEM0" ]; }
dimm_gone() { [ "$(memory_blocks)" -eq "$DIMM_BLOCKS0" ]; }

# dimm_add ID MEMDEV: hot-add a pc-dimm over QMP (dimm.add) and wait up to
# 60 s for MemTotal to grow (dimm.online).
dimm_add() {
	DIMM_BLOCKS0=$(memory_blocks) DIMM_MEM0=$(memtotal_kb)
	qmp_step "dimm.add" "{\"execute\":\"device_add\",\"arguments\":{\"driver\":\"pc-dimm\",\"id\":\"$1\",\"memdev\":\"$2\"}}" ||
		return 1
	if wait_for 60 dimm_grown; then
		ktap_ok "dimm.online" "MemTotal +$(( $(memtotal_kb) - DIMM_MEM0 )) kB, blocks $(block_states)"
	else
		ktap_fail "dimm.online" "MemTotal did not grow within 60s; blocks $(block_states)"
	fi
}

# dimm_del ID SECONDS: unplug the pc-dimm (dimm.del) and wait for its
# memory blocks to go (dimm.removed).
dimm_del() {
	qmp_step "dimm.del" "{\"execute\":\"device_del\",\"arguments\":{\"id\":\"$1\"}}" ||
		return 1
	if wait_for "$2" dimm_gone; then
		ktap_ok "dimm.removed" "MemTotal $(memtotal_kb) kB"
	else
		ktap_fail "dimm.removed" "block still present after $2s: $(block_states)"
	fi
}

# --- legacy pmem (ZONE_DEVICE) ---------------------------------------------

ND_PMEM=/sys/bus/nd/drivers/nd_pmem

# Load the pmem driver (binds every namespace); wait for /dev/pmem0.
pmem_load() {
	modprobe nd_pmem 2>/dev/null
	wait_for 60 test -b /dev/pmem0
}

# Unbind namespace0.0 and wait for /dev/pmem0 to go.
pmem_unbind() {
	echo namespace0.0 > $ND_PMEM/unbind && wait_for 30 sh -c '! test -b /dev/pmem0'
}

# pmem_bind_checked / pmem_unbind_checked: the same as checks pmem.bind
# (naming the range bound) and pmem.unbind.
pmem_bind_checked() {
	if pmem_load; then
		ktap_ok "pmem.bind" "$(grep -i persistent /proc/iomem | head -n1 | sed 's/^ *//')"
	else
		ktap_fail "pmem.bind" "no /dev/pmem0"
	fi
}
pmem_unbind_checked() {
	if pmem_unbind; then
		ktap_ok "pmem.unbind"
	else
		ktap_fail "pmem.unbind" "namespace0.0 did not unbind"
	fi
}

# pmem_rebind N: unbind and bind namespace0.0 N times; 0 if all took.
pmem_rebind() {
	i=0
	while [ $i -lt "$1" ]; do
		i=$((i + 1))
		pmem_unbind || return 1
		echo namespace0.0 > $ND_PMEM/bind || return 1
		wait_for 60 test -b /dev/pmem0 || return 1
	done
}

# pmem_watched_bind START END REBINDS SECONDS: with every ZONE_DEVICE
# hot-add stalled (memremap_stall), a kernel thread (race_watch) and a
# /proc/kpageflags reader watch the device pfns [START, END) for SECONDS
# while namespace0.0 is bound and rebound REBINDS times (I6, I7); their
# results follow as sec16.* checks.
pmem_watched_bind() {
	stall=no
	memremap_stall 300 && stall="2 x 300ms"
	race_watch "$1" "$2"
	"$KSFT_MH/kpageflags_count" -t sec16.watch -w "$4" "$1" "$2" "$NOPAGE=all" \
		> /tmp/watch.out 2>&1 &
	watcher=$!
	if pmem_load && pmem_rebind "$3"; then
		ktap_ok "pmem.bind" "first bind and $3 rebind(s), hot-add stall $stall"
	else
		ktap_fail "pmem.bind" "namespace0.0 did not bind/rebind"
	fi
	wait $watcher
	ktap_replay sec16.watch /tmp/watch.out $?
	race_verdict sec16
	memremap_stall 0
}

# sec16_check START END DEVICE_PFNS: section 16 (pfns 0x80000-0x87fff) is
# RAM except for the device pfns [START, END): I6 on both, and kpageflags
# shows RAM as memory and the device pfns as no online memory.
sec16_check() {
	memmap_check sec16 -n -r 0x80000 0x88000 -e pfns.device="$3" -e i6.device=0 -e i6.ram=0
	kpageflags sec16.ram-low 0x80000 "$1" nopage=0
	kpageflags sec16.device "$1" "$2" "$NOPAGE=all"
	kpageflags sec16.ram-high "$2" 0x88000 nopage=0
}

# --- the bench's race harness (module/memmap_race.c, never posted) ---------

RACE=/sys/kernel/debug/memmap_race

# race_field REPORT KEY: the value of the "KEY: value" line of REPORT.
race_field() {
	echo "$1" | sed -n "s/^$2: //p"
}

# race_diag REPORT: REPORT's lines as diagnostics.
race_diag() {
	echo "$1" | while read -r l; do diag "$l"; done
}

# race_module: load the harness, built against this kernel by the host
# (scripts/build.sh); 1, with the reason on stderr, where there is none.
race_module() {
	[ -d $RACE ] && return 0
	grep -qs debugfs /proc/mounts || mount -t debugfs none /sys/kernel/debug
	if [ ! -f /lib/bench/memmap_race.ko ]; then
		echo "no memmap_race.ko: kernel without MEMORY_HOTPLUG or modules" >&2
		return 1
	fi
	insmod /lib/bench/memmap_race.ko && [ -d $RACE ]
}

# race_file NAME: the harness's NAME is there (else 1, reason on stderr).
race_file() {
	race_module || return 1
	[ -w $RACE/$1 ] && return 0
	echo "memmap_race has no $1: needs CONFIG_KPROBES and CONFIG_ZONE_DEVICE" >&2
	return 1
}

# memremap_stall MS: every ZONE_DEVICE hot-add spins MS milliseconds at two
# steps (kprobes); 0 ends it.  1 when the kernel cannot.
memremap_stall() {
	race_file stall_ms 2>/dev/null && echo "$1" > $RACE/stall_ms
}

# race_watch START END: a kernel thread calls pfn_to_online_page() and
# get_dev_pagemap() on the pfns [START, END) until race_verdict.
race_watch() {
	race_file race && echo "$1 $2" > $RACE/race
}

# race_verdict TAG: stop the watcher; TAG.race.device_online (no page of
# the range was returned as online), TAG.race.pagemap_uninit (no pagemap
# was found for a pfn whose memmap was not initialised for it) and
# TAG.race.stalled (the hot-add was held at least once, or the first two
# say little: unstalled, the windows last microseconds).
race_verdict() {
	local rep rounds stalls k v
	if ! race_file race 2>/tmp/race.err; then
		ktap_fail "$1.race" "$(cat /tmp/race.err)"
		return
	fi
	rep=$(cat $RACE/race)
	echo stop > $RACE/race
	race_diag "$rep"
	rounds=$(race_field "$rep" race.rounds)
	for k in device_online pagemap_uninit; do
		v=$(race_field "$rep" "race.$k")
		if [ "$v" = 0 ] && [ "${rounds:-0}" -gt 0 ]; then
			ktap_ok "$1.race.$k" "0 in $rounds rounds"
		else
			ktap_fail "$1.race.$k" "$v in $rounds rounds"
		fi
	done
	stalls=$(race_field "$(cat $RACE/stall_ms 2>/dev/null)" stall.hits)
	if [ "${stalls:-0}" -gt 0 ]; then
		ktap_ok "$1.race.stalled" "$stalls stalled hot-add steps"
	else
		ktap_fail "$1.race.stalled" "the hot-add was never stalled"
	fi
}

# memremap_pair TAG START SIZE SHIFT: two memremap_pages() of the free
# physical ranges [START, START + SIZE) and [START + SHIFT, ...) (bytes),
# the second while the first is stalled (memremap_stall first): the first
# maps, the second fails at the conflict check, before arch_add_memory().
memremap_pair() {
	local tag=$1 rep first second reached stalled
	shift
	if ! race_file memremap_pair 2>/tmp/race.err; then
		ktap_skip "$tag.pair" "$(cat /tmp/race.err)"
		return
	fi
	if ! echo "$*" > $RACE/memremap_pair; then
		ktap_fail "$tag.pair.run" "writing '$*' to memremap_pair failed"
		ktap_fail "$tag.pair.conflict" "not run"
		return
	fi
	rep=$(cat $RACE/memremap_pair)
	race_diag "$rep"
	first=$(race_field "$rep" pair.first)
	second=$(race_field "$rep" pair.second)
	reached=$(race_field "$rep" pair.second_add_memory)
	stalled=$(race_field "$rep" pair.stalled)
	if [ "$stalled" = 1 ] && [ "$first" = 0 ]; then
		ktap_ok "$tag.pair.run" "first mapped, second raced it during the stall"
	else
		ktap_fail "$tag.pair.run" "first returned $first, stalled $stalled"
	fi
	if [ "$second" != 0 ] && [ "$reached" = 0 ]; then
		ktap_ok "$tag.pair.conflict" "second failed ($second) at the conflict check"
	else
		ktap_fail "$tag.pair.conflict" \
			"second returned $second, reached arch_add_memory() $reached time(s)"
	fi
}

# keepback START END | keepback stop: pages [START, END) (pfns) of memory
# onlined from now on stay out of the page allocator, PageOffline() with
# a reference, as a driver's online_page callback may keep them.
keepback() {
	race_file keepback && echo "$*" > $RACE/keepback
}

# --- /proc/kpageflags and /proc/kpagecount of one pfn, without helpers ------

# kpage_word PFN [FILE]: the 64-bit entry FILE (/proc/kpageflags by
# default) holds for PFN, in decimal.
kpage_word() {
	dd if="${2:-/proc/kpageflags}" bs=8 skip="$(($1))" count=1 2>/dev/null | od -A n -t u8 | tr -d ' '
}

# KPF_* bits of include/uapi/linux/kernel-page-flags.h the scenarios test.
kpf_bit() {
	case $1 in
	buddy) echo 10 ;; hwpoison) echo 19 ;; nopage) echo 20 ;;
	offline) echo 23 ;; reserved) echo 32 ;;
	owner_private) echo 37 ;;	# PG_owner_priv_1: PG_vmemmap_self_hosted here
	*) echo "kpf_bit: unknown flag $1" >&2; return 1 ;;
	esac
}

# expect_kpf NAME PFN FLAG=0|1... [count=N]: /proc/kpageflags (and
# /proc/kpagecount, the page's map count, for count=) of PFN, one check.
expect_kpf() {
	local name=$1 pfn=$(($2)) flags count bad= want f v got desc
	shift 2
	flags=$(kpage_word "$pfn") count=$(kpage_word "$pfn" /proc/kpagecount)
	if [ -z "$flags" ]; then
		ktap_fail "$name" "cannot read /proc/kpageflags at pfn $(printf 0x%x "$pfn")"
		return
	fi
	for want in "$@"; do
		f=${want%%=*} v=${want#*=}
		if [ "$f" = count ]; then
			[ "$count" = "$v" ] || bad="$bad count=$count (want $v)"
		else
			got=$(( (flags >> $(kpf_bit "$f")) & 1 ))
			[ "$got" = "$v" ] || bad="$bad $f=$got (want $v)"
		fi
	done
	desc="pfn $(printf 0x%x "$pfn") kpageflags $(printf 0x%x "$flags") kpagecount $count"
	if [ -z "$bad" ]; then
		ktap_ok "$name" "$desc"
	else
		ktap_fail "$name" "$desc:$bad"
	fi
}

# --- hibernation and /proc walkers -------------------------------------------

# hibernate_test: hibernation as far as pm_test=freezer takes it (the
# image is counted and preallocated, not written), one check.
hibernate_test() {
	if [ ! -w /sys/power/pm_test ] || ! grep -qw disk /sys/power/state 2>/dev/null; then
		ktap_skip hibernate.freezer "no hibernation or pm_test in this kernel"
		return
	fi
	echo freezer > /sys/power/pm_test
	if echo disk > /sys/power/state 2>/tmp/hib.err; then
		ktap_ok hibernate.freezer "$(dmesg | grep -c 'PM: hibernation') PM lines, $(dmesg | grep -m1 -o 'Preallocating image memory.*' || echo 'no preallocation line')"
	else
		ktap_fail hibernate.freezer "echo disk > /sys/power/state: $(cat /tmp/hib.err)"
	fi
	echo none > /sys/power/pm_test
}

# pagetypeinfo_read: read /proc/pagetypeinfo whole.  With page_owner=on
# its mixed-block count walks every pageblock of every zone.
pagetypeinfo_read() {
	if cat /proc/pagetypeinfo > /tmp/pti 2>/tmp/pti.err; then
		ktap_ok pagetypeinfo "$(wc -l < /tmp/pti) lines$(grep -q 'Number of mixed blocks' /tmp/pti && echo ', with the mixed block counts of page_owner')"
	else
		ktap_fail pagetypeinfo "cat /proc/pagetypeinfo: $(cat /tmp/pti.err)"
	fi
}

# --- hwpoison ----------------------------------------------------------------

# expect_unpoison_refused NAME PFN WHAT: unpoison_memory() (hwpoison_inject's
# unpoison-pfn) must refuse PFN, which is WHAT.
expect_unpoison_refused() {
	modprobe hwpoison_inject
	if echo "$2" > /sys/kernel/debug/hwpoison/unpoison-pfn 2>/dev/null; then
		ktap_fail "$1" "unpoison_memory() accepted pfn $(printf 0x%x "$2"), $3"
	else
		ktap_ok "$1" "unpoison_memory() refused pfn $(printf 0x%x "$2")"
	fi
}

# --- soak helpers -----------------------------------------------------------

# Background pfn walkers: /proc/kpageflags over all memory and
# /proc/zoneinfo, in loops (with a breath between passes, so that kernel
# workers get the CPUs too), until stop_readers.
start_readers() {
	( while :; do cat /proc/kpageflags > /dev/null 2>&1; sleep 0.1; done ) &
	READER1=$!
	( while :; do cat /proc/zoneinfo > /dev/null; sleep 0.1; done ) &
	READER2=$!
}
stop_readers() {
	kill $READER1 $READER2 2>/dev/null
	wait $READER1 $READER2 2>/dev/null
}

# Snapshot of what must come back: MemTotal and every zone's counters.
state_snapshot() { echo "memtotal=$(memtotal_kb)"; zone_table | zone_counters; }

expect_state() {	# NAME SNAPSHOT
	now=$(state_snapshot)
	if [ "$now" = "$2" ]; then
		ktap_ok "$1" "MemTotal and zones as at the start ($(memtotal_kb) kB)"
	else
		diag "before:"; echo "$2" | while read -r l; do diag "  $l"; done
		diag "after:"; echo "$now" | while read -r l; do diag "  $l"; done
		ktap_fail "$1" "MemTotal or zone counters differ from the start"
	fi
}

# offlinable_blocks [MAX]: online movable blocks that can be offlined now
# (each is tried once and put back online), at most MAX of them.  Boot
# allocations (the KASAN shadow, for one) may pin some movable blocks for
# good.
offlinable_blocks() {
	found=0
	for b in $(online_blocks_in Movable); do
		[ -n "${1:-}" ] && [ $found -ge "$1" ] && break
		if block_set "$b" offline && block_set "$b" online_movable; then
			echo "$b"
			found=$((found + 1))
		fi
	done
}

# report_zones PREFIX: the zone table as report lines "PREFIX <zone>".
report_zones() {
	zone_table | while read -r l; do report "$1 $l"; done
}

# memmap_init_ns: guest ns of boot memmap init, from the printk timestamps
# of the last "Initmem setup node" line to the first line after it that is
# not an "unavailable ranges" line; nothing when the log lacks them.
memmap_init_ns() {
	dmesg | awk '
		{ ts = $0; sub(/^\[ */, "", ts); sub(/\].*/, "", ts) }
		/Initmem setup node/ { start = ts; inside = 1; next }
		inside && /pages in unavailable ranges/ { next }
		inside { printf "%d\n", (ts - start) * 1e9; exit }'
}
