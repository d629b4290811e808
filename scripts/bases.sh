# Sourced first by the scripts that act on every base when BASE is not
# given (bench, lint, bisect, series, cc): runs the calling script once
# per base/*.conf with BASE set, then exits with 1 if any run failed.
# shellcheck shell=bash
if [ -z "${BASE:-}" ]; then
	_rc=0
	for _conf in "$(cd "$(dirname "$0")/.." && pwd)"/base/*.conf; do
		_b=$(basename "$_conf" .conf)
		printf '==> base %s\n' "$_b" >&2
		BASE=$_b bash "$0" "$@" || _rc=1
	done
	exit $_rc
fi
