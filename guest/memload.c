// SPDX-License-Identifier: GPL-2.0
/*
 * memload: keep memory busy for a while.  Maps chunks of anonymous memory,
 * writes every page, unmaps some at random, and goes on until SECONDS are
 * up, never holding more than MAX_MIB.  Makes memory offlining migrate
 * pages and keeps the allocator moving while hotplug runs.
 *
 * usage: memload SECONDS MAX_MIB
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#define CHUNK_MIB	4
#define SLOTS		256

int main(int argc, char **argv)
{
	static char *slot[SLOTS];
	unsigned long rounds = 0, pages = 0;
	int seconds, max_mib, held = 0, i;
	time_t end;

	if (argc != 3) {
		fprintf(stderr, "usage: memload SECONDS MAX_MIB\n");
		return 2;
	}
	seconds = atoi(argv[1]);
	max_mib = atoi(argv[2]);
	srand(1);
	end = time(NULL) + seconds;
	while (time(NULL) < end) {
		i = rand() % SLOTS;
		if (slot[i]) {
			munmap(slot[i], CHUNK_MIB << 20);
			slot[i] = NULL;
			held -= CHUNK_MIB;
		} else if (held + CHUNK_MIB <= max_mib) {
			char *p = mmap(NULL, CHUNK_MIB << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			size_t off;

			if (p == MAP_FAILED)
				continue;
			for (off = 0; off < (CHUNK_MIB << 20); off += 4096, pages++)
				p[off] = (char)off;
			slot[i] = p;
			held += CHUNK_MIB;
		}
		rounds++;
	}
	printf("memload: %lu rounds, %lu pages touched\n", rounds, pages);
	return 0;
}
