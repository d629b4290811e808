# Soak: movable boot memory blocks offlined and onlined through sysfs 30
# times, at random, while a memory load runs, two readers walk pfns and a
# loop triggers compaction.  Blocks that stay busy are retried; nothing
# may splat and everything must come back.
#@ qemu: -m 4000 -smp 2
#@ append: movablecore=1G debug_pagealloc=on page_owner=on
#@ timeout: 3600
#@ idle-timeout: 900
#@ variants: patched
report_boot
state0=$(state_snapshot)
blocks=$(offlinable_blocks)
nblocks=$(echo "$blocks" | wc -l)
diag "offlinable movable blocks: $(echo $blocks)"
memload 100000 128 > /tmp/memload.out & load=$!
start_readers
( while :; do echo 1 > /proc/sys/vm/compact_memory; sleep 1; done ) & compact=$!
n=0 ok=0 busy=0
while [ $n -lt 30 ]; do
	n=$((n + 1))
	b=$(echo "$blocks" | sed -n "$(( (RANDOM % nblocks) + 1 ))p")
	if block_offline_retry "$b"; then
		block_set "$b" online_movable && ok=$((ok + 1))
	else
		busy=$((busy + 1))
	fi
done
kill $load $compact; wait $load $compact 2>/dev/null
stop_readers
for b in $blocks; do grep -q offline /sys/devices/system/memory/memory$b/state && block_set "$b" online_movable; done
expect_all "soak.sysfs.cycles" $ok $n "offline/online cycles under load" \
	"$busy blocks stayed busy for 10s"
expect_state "soak.sysfs.state" "$state0"
memmap_check soak-sysfs
