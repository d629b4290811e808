// SPDX-License-Identifier: GPL-2.0
/*
 * memwait: wait until MemTotal is exactly KB; print CLOCK_MONOTONIC, in
 * nanoseconds, of the first read that saw it, and how many reads it made.
 *
 * It runs as SCHED_IDLE and, with POLL_US 0 (the default), reads
 * /proc/meminfo in a loop without sleeping: it only gets the CPU when
 * nothing else wants it, and the CPU never goes idle while it waits.  Under
 * QEMU's -icount shift=0,sleep=off an idle guest CPU makes virtual time
 * jump to the next timer deadline, so time spent waiting for the host (a
 * QMP round trip, a virtio-mem request) would be counted in whole timer
 * ticks; kept busy, guest time counts instructions only.  Start it before
 * asking for the change.  POLL_US > 0 sleeps that long between reads.
 *
 * The host's share is still in the elapsed time, as the instructions of
 * this loop, at a rate that depends on how fast the host answers and so
 * not on the guest kernel.  "memwait -c N" gives the cost of one read (the
 * fastest of five batches of N, run alone): elapsed minus reads times that
 * cost is what the rest of the guest executed.
 *
 * usage: memwait KB TIMEOUT_SECONDS [POLL_US]   prints "END_NS READS"
 *        memwait -c N                           prints ns per read
 * exit: 0 reached, 1 timed out (MemTotal printed on stderr), 2 usage/error
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static long long now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long memtotal_kb(int fd)
{
	char buf[256], *p;
	ssize_t n;

	n = pread(fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		return -1;
	buf[n] = '\0';
	p = strstr(buf, "MemTotal:");
	return p ? strtol(p + strlen("MemTotal:"), NULL, 10) : -1;
}

/* The fastest of five batches of @n reads, in ns per read. */
static int calibrate(long n)
{
	long long best = -1, t;
	long i, b;
	int fd;

	fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0 || n <= 0) {
		fprintf(stderr, "memwait: cannot calibrate\n");
		return 2;
	}
	for (b = 0; b < 5; b++) {
		t = now_ns();
		for (i = 0; i < n; i++)
			memtotal_kb(fd);
		t = now_ns() - t;
		if (best < 0 || t < best)
			best = t;
	}
	printf("%.1f\n", (double)best / n);
	return 0;
}

int main(int argc, char **argv)
{
	struct sched_param idle = { .sched_priority = 0 };
	long want, seen = -1, poll_us = 0, reads = 0;
	long long end;
	struct timespec gap;
	int fd;

	if (argc == 3 && !strcmp(argv[1], "-c"))
		return calibrate(strtol(argv[2], NULL, 0));
	if (argc < 3 || argc > 4) {
		fprintf(stderr, "usage: memwait KB TIMEOUT_SECONDS [POLL_US] | memwait -c N\n");
		return 2;
	}
	want = strtol(argv[1], NULL, 0);
	end = now_ns() + strtoll(argv[2], NULL, 0) * 1000000000LL;
	if (argc == 4)
		poll_us = strtol(argv[3], NULL, 0);
	if (want <= 0 || poll_us < 0 || poll_us >= 1000000) {
		fprintf(stderr, "memwait: bad KB or POLL_US\n");
		return 2;
	}
	gap.tv_sec = 0;
	gap.tv_nsec = poll_us * 1000;

	if (sched_setscheduler(0, SCHED_IDLE, &idle)) {
		perror("memwait: SCHED_IDLE");
		return 2;
	}
	fd = open("/proc/meminfo", O_RDONLY);
	if (fd < 0) {
		perror("memwait: /proc/meminfo");
		return 2;
	}
	for (;;) {
		seen = memtotal_kb(fd);
		reads++;
		if (seen == want) {
			printf("%lld %ld\n", now_ns(), reads);
			return 0;
		}
		if (now_ns() >= end)
			break;
		if (poll_us)
			nanosleep(&gap, NULL);
	}
	fprintf(stderr, "memwait: MemTotal %ld kB, not %ld kB, after %s s\n",
		seen, want, argv[2]);
	return 1;
}
