#!/usr/bin/env bash
# Instructions per input byte, counted (callgrind), not timed: the figure that compares
# builds on a noisy machine. fengong parses the first N and the first 2N files of the mixed
# archive that bench/versus.sh builds (`-j1 --format jsonl`, output dropped); the
# difference between the two, over the bytes of the second N files, is the cost per byte
# without the one-time work (start-up, building the patterns). A second binary
# (BASE=path) is counted beside the current one.
#
# usage: N=450 BASE=/tmp/old-fengong bash bench/instructions.sh
set -euo pipefail
cd "$(dirname "$0")/.."
command -v valgrind > /dev/null || { echo "needs valgrind (callgrind)" >&2; exit 2; }
work=${BENCH_DIR:-/tmp/fengong-versus}
n=${N:-450}
shared=${SHARED:-../shared}
cargo build --release --quiet
[ -d "$work/mixed" ] || python3 bench/make_real_archive.py "$work/mixed" "$shared/devset/raw" seeds --mb "${MB:-40}"

# the first k files of the archive (in name order), linked into a directory of their own
first() {
  local k=$1 dir="$work/first-$1"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    find "$work/mixed" -maxdepth 1 -type f -printf '%f\n' | sort | head -n "$k" |
      while read -r f; do ln "$work/mixed/$f" "$dir/$f"; done
  fi
  echo "$dir"
}
bytes() { find "$1" -maxdepth 1 -type f -printf '%s\n' | awk '{s += $1} END {print s}'; }
count() { # instructions of one -j1 run of binary $1 over directory $2
  valgrind --tool=callgrind --callgrind-out-file=/dev/null "$1" parse -q -j1 --format jsonl "$2" \
    2>&1 > /dev/null | awk '/refs:/ {gsub(",", "", $NF); print $NF}'
}

small=$(first "$n"); large=$(first $((2 * n)))
b_small=$(bytes "$small"); b_large=$(bytes "$large")
echo "| binary | first $n files ($b_small bytes) | first $((2 * n)) files ($b_large bytes) | per byte, second $n files |"
echo "|---|---|---|---|"
report() {
  local name=$1 bin=$2 i_small i_large
  i_small=$(count "$bin" "$small"); i_large=$(count "$bin" "$large")
  echo "| $name | $i_small | $i_large | $(python3 -c "print(round(($i_large - $i_small) / ($b_large - $b_small), 1))") |"
}
report "this build" target/release/fengong
[ -n "${BASE:-}" ] && report "BASE" "$BASE"
true
