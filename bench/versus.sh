#!/usr/bin/env bash
# fengong beside the Python peer (bench/peer.py) on real documents, in the same run, runs
# interleaved: the archive is the devset and the seeds replicated to MB megabytes, in mixed
# encodings, with an all-UTF-8 twin. Reports MB/s of each run and the ratios of medians:
# fengong -j1 against the peer (one core each), -j2 against -j1, mixed against UTF-8.
# A second binary (BASE=path) is timed beside the current one, for before/after figures.
#
# usage: MB=40 RUNS=5 BASE=/tmp/old-fengong bash bench/versus.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-/tmp/fengong-versus}
mb=${MB:-40}
runs=${RUNS:-5}
shared=${SHARED:-../shared}
cargo build --release --quiet
bin=target/release/fengong
mkdir -p "$work"
[ -d "$work/mixed" ] || python3 bench/make_real_archive.py "$work/mixed" "$shared/devset/raw" seeds --mb "$mb"
[ -d "$work/utf8" ] || python3 bench/make_real_archive.py "$work/utf8" "$shared/devset/raw" seeds --mb "$mb" --encodings utf-8
size() { python3 -c "import os,sys; print(sum(e.stat().st_size for e in os.scandir(sys.argv[1])))" "$1"; }
bytes_mixed=$(size "$work/mixed"); bytes_utf8=$(size "$work/utf8")

secs() { # wall seconds of one run of "$@", output to /dev/null
  local t0 t1
  t0=$(date +%s.%N); "$@" > /dev/null; t1=$(date +%s.%N)
  python3 -c "print(round($t1 - $t0, 3))"
}

declare -A all
names=("fengong -j1 mixed" "fengong -j2 mixed" "fengong -j1 utf8" "peer mixed")
[ -n "${BASE:-}" ] && names+=("base -j1 mixed")
for r in $(seq "$runs"); do
  all["fengong -j1 mixed"]+=" $(secs "$bin" parse -q -j1 --format jsonl "$work/mixed")"
  all["peer mixed"]+=" $(secs python3 bench/peer.py "$work/mixed")"
  all["fengong -j2 mixed"]+=" $(secs "$bin" parse -q -j2 --format jsonl "$work/mixed")"
  all["fengong -j1 utf8"]+=" $(secs "$bin" parse -q -j1 --format jsonl "$work/utf8")"
  [ -n "${BASE:-}" ] && all["base -j1 mixed"]+=" $(secs "$BASE" parse -q -j1 --format jsonl "$work/mixed")"
done
median() { python3 -c "import statistics,sys; print(statistics.median(map(float, sys.argv[1:])))" $1; }
fastest() { python3 -c "import sys; print(min(map(float, sys.argv[1:])))" $1; }
echo "| run | seconds ($runs runs, interleaved) | median s | MB/s |"
echo "|---|---|---|---|"
declare -A med low
for n in "${names[@]}"; do
  m=$(median "${all[$n]}"); med[$n]=$m; low[$n]=$(fastest "${all[$n]}")
  b=$bytes_mixed; [[ $n == *utf8 ]] && b=$bytes_utf8
  echo "| $n |${all[$n]} | $m | $(python3 -c "print(round($b/1e6/$m,1))") |"
done
ratio() { python3 -c "print(round($1/$2, 2))"; }
# Each ratio of the medians, and of the fastest runs: on a machine whose speed drifts
# between runs, the fastest run of each is the one least slowed by the rest of it.
ratios() { # label, numerator run, denominator run
  echo "- $1: $(ratio "${med[$2]}" "${med[$3]}")× (fastest runs: $(ratio "${low[$2]}" "${low[$3]}")×)"
}
echo
ratios "fengong -j1 vs the Python peer (one core each, mixed)" "peer mixed" "fengong -j1 mixed"
ratios "-j2 vs -j1" "fengong -j1 mixed" "fengong -j2 mixed"
per_mb() { python3 -c "print(round(($1/$bytes_mixed)/($2/$bytes_utf8), 2))"; }
echo "- mixed encodings vs UTF-8 (time per MB): $(per_mb "${med[fengong -j1 mixed]}" "${med[fengong -j1 utf8]}")× (fastest runs: $(per_mb "${low[fengong -j1 mixed]}" "${low[fengong -j1 utf8]}")×)"
[ -n "${BASE:-}" ] && ratios "this build vs BASE (-j1, mixed)" "base -j1 mixed" "fengong -j1 mixed"
true
