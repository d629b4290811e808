// SPDX-License-Identifier: GPL-2.0
/*
 * kpfbench: cost of reading /proc/kpageflags for two pfn ranges of the same
 * size, alternating, in one process.
 *
 * usage: kpfbench A_START B_START NPFNS [READS [PAIRS [MAX_RATIO]]]
 *
 * For each of PAIRS pairs, reads NPFNS entries starting at A_START, READS
 * times, then as many starting at B_START, and reports nanoseconds per pfn
 * of each and their ratio A/B.  Under QEMU's -icount shift=0 guest time is
 * the guest's instruction count, so the figures are deterministic.  The
 * last line is "kpfbench: a=... b=... ratio=..." with the median ratio;
 * with MAX_RATIO the exit status says whether it stayed at or below it.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static double read_range(int fd, uint64_t *buf, unsigned long start,
			 unsigned long n, int reads)
{
	double t0 = now_ns();
	int i;

	for (i = 0; i < reads; i++) {
		ssize_t want = n * sizeof(*buf);

		if (pread(fd, buf, want, start * sizeof(*buf)) != want) {
			perror("pread /proc/kpageflags");
			exit(2);
		}
	}
	return (now_ns() - t0) / ((double)reads * n);
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
	unsigned long a, b, n;
	int reads = 200, pairs = 8, i, fd;
	double max_ratio = 0, *ratio, *ta, *tb;
	uint64_t *buf;

	if (argc < 4) {
		fprintf(stderr, "usage: %s A_START B_START NPFNS [READS [PAIRS [MAX_RATIO]]]\n",
			argv[0]);
		return 2;
	}
	a = strtoul(argv[1], NULL, 0);
	b = strtoul(argv[2], NULL, 0);
	n = strtoul(argv[3], NULL, 0);
	if (argc > 4)
		reads = atoi(argv[4]);
	if (argc > 5)
		pairs = atoi(argv[5]);
	if (argc > 6)
		max_ratio = atof(argv[6]);
	if (!n || reads < 1 || pairs < 1) {
		fprintf(stderr, "kpfbench: bad arguments\n");
		return 2;
	}

	buf = malloc(n * sizeof(*buf));
	ratio = calloc(pairs, sizeof(double));
	ta = calloc(pairs, sizeof(double));
	tb = calloc(pairs, sizeof(double));
	fd = open("/proc/kpageflags", O_RDONLY);
	if (!buf || !ratio || !ta || !tb || fd < 0) {
		perror("kpfbench");
		return 2;
	}
	/* One untimed pass each: page in the buffer, warm the caches. */
	read_range(fd, buf, a, n, 1);
	read_range(fd, buf, b, n, 1);
	for (i = 0; i < pairs; i++) {
		ta[i] = read_range(fd, buf, a, n, reads);
		tb[i] = read_range(fd, buf, b, n, reads);
		ratio[i] = ta[i] / tb[i];
		printf("pair %d: a %.1f ns/pfn, b %.1f ns/pfn, ratio %.4f\n",
		       i, ta[i], tb[i], ratio[i]);
	}
	qsort(ratio, pairs, sizeof(double), cmp);
	qsort(ta, pairs, sizeof(double), cmp);
	qsort(tb, pairs, sizeof(double), cmp);
	printf("kpfbench: a=%.1f b=%.1f ratio=%.4f min=%.4f max=%.4f pfns=%lu reads=%d pairs=%d\n",
	       ta[pairs / 2], tb[pairs / 2], ratio[pairs / 2], ratio[0],
	       ratio[pairs - 1], n, reads, pairs);
	return max_ratio > 0 && ratio[pairs / 2] > max_ratio;
}
