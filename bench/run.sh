#!/usr/bin/env bash
# Throughput benchmark. Builds two archives from the seeds (12,000 files each, ≥ 200 MB):
# one in mixed encodings (UTF-8, UTF-8 with BOM, GB18030, UTF-16, every seed in every
# encoding) and one all UTF-8; runs `fengong parse -q --format jsonl` over each with -j1 and
# -j2 (best of RUNS wall-clock runs), checks -j1/-j2 output is byte-identical, reports peak
# RSS, then one document at 1x and 10x size. Prints Markdown tables for docs/performance.md.
#
# MB are 10^6 bytes of input as stored (file sizes, not disk blocks).
# usage: BENCH_DIR=/tmp/bench RUNS=3 bash bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$(mktemp -d)}
runs=${RUNS:-3}
cargo build --release --quiet
bin=target/release/fengong
[ -d "$work/archive" ] || python3 bench/make_archive.py seeds "$work/archive" --files "${BENCH_FILES:-12000}"
[ -d "$work/utf8" ] || python3 bench/make_archive.py seeds "$work/utf8" --files "${BENCH_FILES:-12000}" --encodings utf-8

mb_of() { python3 -c "import os,sys; print(round(sum(e.stat().st_size for e in os.scandir(sys.argv[1]))/1e6,1))" "$1"; }
# best wall time of $runs runs, and the peak RSS seen; output to $out
measure() {
  local out=$1; shift
  best=999; rss=0
  for _ in $(seq "$runs"); do
    /usr/bin/time -f "%e %M" -o "$work/t" "$@" > "$out"
    read -r secs kb < "$work/t"
    best=$(python3 -c "print(min($best, $secs))")
    rss=$(( kb > rss ? kb : rss ))
  done
}

echo "| archive | files | MB | -j | wall s (best of $runs) | MB/s | peak RSS MB |"
echo "|---|---|---|---|---|---|---|"
for name in archive utf8; do
  dir="$work/$name"
  mb=$(mb_of "$dir")
  files=$(find "$dir" -type f | wc -l)
  label=$([ "$name" = utf8 ] && echo "UTF-8 only" || echo "mixed encodings")
  for j in 1 2; do
    measure "$work/out-$name-$j.jsonl" "$bin" parse -q -j "$j" --format jsonl "$dir"
    echo "| $label | $files | $mb | $j | $best | $(python3 -c "print(round($mb/$best,1))") | $((rss / 1024)) |"
  done
  cmp -s "$work/out-$name-1.jsonl" "$work/out-$name-2.jsonl" || { echo "-j1 and -j2 outputs differ for $name" >&2; exit 1; }
done
echo
echo "(-j1 and -j2 outputs byte-identical on both archives)"
echo
# the property test's generator: clause-dense synthetic plans, mixed encodings
[ -d "$work/generated" ] || cargo run --release --quiet --example gen_archive -- "$work/generated" 10000 >/dev/null
gmb=$(mb_of "$work/generated")
measure /dev/null "$bin" parse -q -j 1 --format jsonl "$work/generated"
echo "| generated plans, 10,000 files, $gmb MB, -j 1 | $best s | $(python3 -c "print(round($gmb/$best,1))") MB/s | $((rss / 1024)) MB |"
echo
echo "| one document | wall s | peak RSS MB |"
echo "|---|---|---|"
for k in 100 1000; do
  python3 bench/make_long.py "$k" "$work/long-$k.txt"
  measure /dev/null "$bin" parse --format jsonl "$work/long-$k.txt"
  size=$(du -k "$work/long-$k.txt" | cut -f1)
  echo "| $k sections (${size} KB) | $best | $((rss / 1024)) |"
done
