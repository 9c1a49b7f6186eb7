#!/usr/bin/env bash
# Throughput benchmark: builds an archive from the seeds (≥ 200 MB, ≥ 10,000 files, mixed
# encodings), then measures parse → jsonl single-threaded, scaling with -j, peak RSS, and
# the time of one document at 1x and 10x size. Prints a Markdown table for docs/performance.md.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$(mktemp -d)}
cargo build --release --quiet
bin=target/release/fengong
[ -d "$work/archive" ] || python3 bench/make_archive.py seeds "$work/archive" --files "${BENCH_FILES:-12000}"
mb=$(du -sm "$work/archive" | cut -f1)
echo "| run | wall s | MB/s | peak RSS MB |"
echo "|---|---|---|---|"
for j in 1 2; do
  /usr/bin/time -f "%e %M" -o "$work/t" "$bin" parse -q -j "$j" --format jsonl "$work/archive" > "$work/out-$j.jsonl"
  read -r secs kb < "$work/t"
  echo "| archive ${mb} MB, -j $j | $secs | $(python3 -c "print(round($mb/$secs,1))") | $((kb / 1024)) |"
done
cmp -s "$work/out-1.jsonl" "$work/out-2.jsonl" && echo "(-j1 and -j2 output byte-identical)"
# the property test's generator: clause-dense synthetic plans, mixed encodings
[ -d "$work/generated" ] || cargo run --release --quiet --example gen_archive -- "$work/generated" 10000 >/dev/null
gmb=$(du -sm "$work/generated" | cut -f1)
/usr/bin/time -f "%e %M" -o "$work/t" "$bin" parse -q -j 1 --format jsonl "$work/generated" > /dev/null
read -r secs kb < "$work/t"
echo "| generated, 10,000 files ${gmb} MB, -j 1 | $secs | $(python3 -c "print(round($gmb/$secs,1))") | $((kb / 1024)) |"
for k in 100 1000; do
  python3 bench/make_long.py "$k" "$work/long-$k.txt"
  /usr/bin/time -f "%e %M" -o "$work/t" "$bin" parse --format jsonl "$work/long-$k.txt" > /dev/null
  read -r secs kb < "$work/t"
  size=$(du -k "$work/long-$k.txt" | cut -f1)
  echo "| one document, $k sections (${size} KB) | $secs | | $((kb / 1024)) |"
done
