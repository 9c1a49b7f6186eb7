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
echo "| run | seconds ($runs runs, interleaved) | median s | MB/s |"
echo "|---|---|---|---|"
declare -A med
for n in "${names[@]}"; do
  m=$(median "${all[$n]}"); med[$n]=$m
  b=$bytes_mixed; [[ $n == *utf8 ]] && b=$bytes_utf8
  echo "| $n |${all[$n]} | $m | $(python3 -c "print(round($b/1e6/$m,1))") |"
done
ratio() { python3 -c "print(round($1/$2, 2))"; }
echo
echo "- fengong -j1 vs the Python peer (one core each, mixed): $(ratio "${med[peer mixed]}" "${med[fengong -j1 mixed]}")×"
echo "- -j2 vs -j1: $(ratio "${med[fengong -j1 mixed]}" "${med[fengong -j2 mixed]}")×"
echo "- mixed encodings vs UTF-8 (time per MB): $(python3 -c "print(round((${med[fengong -j1 mixed]}/$bytes_mixed)/(${med[fengong -j1 utf8]}/$bytes_utf8), 2))")×"
[ -n "${BASE:-}" ] && echo "- this build vs BASE (-j1, mixed): $(ratio "${med[base -j1 mixed]}" "${med[fengong -j1 mixed]}")×"
true
