# Deterministic memmap for Linux: the series and the bench that proves it.
# 'make help' lists the targets; README.md explains them.

# BASE=6.1 or 7.2 picks a base; without it check, bench, lint, bisect, cc,
# series, tree and fetch act on every base/*.conf, the others take 6.1.
export BASE
SHELL := /bin/bash
S := scripts

# Variables passed through to the scripts.
export AUTHOR DRAFT LAYOUT SCENARIO SCENARIOS VARIANTS BASE_ONLY DEBUG ACCEL JOBS GUEST_JOBS NO_LINT NO_EXTRA REPS BENCH_CONFIGS CONFIG CONFIGS MATRIX BISECT_SCENARIOS BISECT_FROM BISECT_TO SERIES_TREE

.PHONY: help run check soak deps fetch tree series build initramfs shell bench bisect lint cc disasm clean distclean

help:
	@echo "make run        build the patched kernel, boot the default scenario, print a report"
	@echo "make check      CI's matrix: configurations default and distro, patched and base + tests;"
	@echo "                ends 'N passed, N failed'"
	@echo "make check MATRIX=all      every configuration of matrix/ (i386, arm64 too)"
	@echo "make check CONFIGS=a,b SCENARIOS=c,d   only these; BASE_ONLY=1 base + tests only"
	@echo "make tree       build/linux: base commit + series as git commits (RESET=1 reapplies)"
	@echo "make series     export build/linux commits to patches/$(BASE)/ and regenerate the series"
	@echo "make build      build the patched kernel (VARIANT=base|debug, CONFIG=name of matrix/)"
	@echo "make shell SCENARIO=name   interactive guest with a scenario's machine"
	@echo "make lint       checkpatch --strict and commit conventions on every patch"
	@echo "make bisect     build every prefix of the series (CONFIG=name, MATRIX=all)"
	@echo "make cc         To/Cc per patch from get_maintainer.pl, and why"
	@echo "make disasm     pfn_to_online_page() on arm64/ppc64le, base and series: barriers"
	@echo "make bench      base vs patched benchmarks in one run (REPS=3, BENCH_CONFIGS=\"release debug-vm\")"
	@echo "make soak       the soak scenarios on the debug kernel (= make check DEBUG=1)"
	@echo "make clean      remove logs and build outputs, keep the tree and caches"

run:
	@$(S)/run.sh

check:
	@$(S)/check.sh

soak:
	@DEBUG=1 $(S)/check.sh

deps:
	@$(S)/deps.sh $(or $(CONFIG),default)

fetch: deps
	@$(S)/fetch.sh >/dev/null

tree: fetch
	@$(S)/tree.sh $(if $(RESET),--reset)

series:
	@$(S)/series.sh

build: tree
	@$(S)/build.sh $(or $(VARIANT),patched)

initramfs: build
	@$(S)/initramfs.sh $(or $(VARIANT),patched)

shell: initramfs
	@$(S)/shell.sh $(or $(SCENARIO),m4000) $(or $(VARIANT),patched)

lint:
	@$(S)/lint.sh

bisect: tree
	@$(S)/bisect.sh

cc: tree
	@$(S)/cc.sh

disasm: tree
	@$(S)/disasm.sh

bench:
	@$(S)/bench.sh

clean:
	rm -rf build/logs build/initramfs build/initramfs-*.cpio.gz build/bench build/accel*
	rm -rf build/linux*/.out* build/base*/.out* build/bisect*

distclean:
	rm -rf build
