# Soak: the memory notifier error injector (as the memory-hotplug
# kselftest uses it) makes onlining and offlining fail at random, 40
# times.  Every injected failure must fail cleanly, leave the block in its
# old state and change no counter; every other attempt must succeed.
#@ qemu: -m 4000 -smp 2
#@ append: movablecore=1G debug_pagealloc=on page_owner=on
#@ timeout: 3600
#@ idle-timeout: 900
#@ variants: patched
report_boot
state0=$(state_snapshot)
modprobe memory-notifier-error-inject
INJ=/sys/kernel/debug/notifier-error-inject/memory/actions
# inject_failure BLOCK EVENT STATE OLD: with MEM_GOING_EVENT made to fail,
# writing STATE to memory block BLOCK must fail and leave it OLD.
inject_failure() {
	st=/sys/devices/system/memory/memory$1/state
	injected=$((injected + 1))
	echo -12 > "$INJ/MEM_GOING_$2/error"
	if echo "$3" > "$st" 2>/dev/null || ! grep -q "$4" "$st"; then
		bad="$bad memory$1:$3-succeeded"
	else
		clean=$((clean + 1))
	fi
	echo 0 > "$INJ/MEM_GOING_$2/error"
}
if [ ! -w $INJ/MEM_GOING_ONLINE/error ]; then
	ktap_skip "soak.notifier" "no memory notifier error injector"
else
	blocks=$(offlinable_blocks)
	nblocks=$(echo "$blocks" | wc -l)
diag "offlinable movable blocks: $(echo $blocks)"
	start_readers
	n=0 injected=0 clean=0 bad=
	while [ $n -lt 40 ]; do
		n=$((n + 1))
		b=$(echo "$blocks" | sed -n "$(( (RANDOM % nblocks) + 1 ))p")
		if [ $((RANDOM % 2)) -eq 0 ]; then
			# offline, with a failure injected half of the time
			[ $((RANDOM % 2)) -eq 0 ] && inject_failure "$b" OFFLINE offline online
			block_offline_retry "$b" || bad="$bad memory$b:offline"
			# online, with a failure injected half of the time
			[ $((RANDOM % 2)) -eq 0 ] && inject_failure "$b" ONLINE online_movable offline
			block_set "$b" online_movable || bad="$bad memory$b:online"
		fi
	done
	stop_readers
	if [ -z "$bad" ] && [ $clean -eq $injected ]; then
		ktap_ok "soak.notifier.injected" "$injected failures injected, all clean, in $n rounds"
	else
		ktap_fail "soak.notifier.injected" "$clean of $injected clean;$bad"
	fi
fi
expect_state "soak.notifier.state" "$state0"
memmap_check soak-notifier
