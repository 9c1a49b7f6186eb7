#!/usr/bin/env bash
# Side by side with another parser: ArborParser (PyPI `arborparser`, a general parser of
# numbered headings) against fengong, on the same UTF-8 archive (throughput) and on the
# seeds against ../shared/gold (section F1). Installs ArborParser into a venv under the
# work directory; not part of CI.
set -euo pipefail
cd "$(dirname "$0")/.."
work=${BENCH_DIR:-$(mktemp -d)}
cargo build --release --quiet
bin=target/release/fengong
[ -d "$work/utf8" ] || python3 bench/make_archive.py seeds "$work/utf8" --encodings utf-8
[ -x "$work/venv/bin/python" ] || { python3 -m venv "$work/venv" && "$work/venv/bin/pip" install -q arborparser; }
find "$work/utf8" -type f | sort > "$work/utf8.list"
mb=$(python3 -c "import os,sys; print(round(sum(os.path.getsize(l.strip()) for l in open(sys.argv[1]))/1e6,1))" "$work/utf8.list")
echo "UTF-8 archive: $(wc -l < "$work/utf8.list") files, $mb MB"
echo "| parser | what it extracts | wall s (best of 3) | MB/s |"
echo "|---|---|---|---|"
best() { local b=999; for _ in 1 2 3; do /usr/bin/time -f "%e" -o "$work/t" "$@" > /dev/null; b=$(python3 -c "print(min($b, $(cat "$work/t")))"); done; echo "$b"; }
s=$(best "$work/venv/bin/python" bench/arbor_outline.py "$work/utf8.list")
echo "| ArborParser $("$work/venv/bin/pip" show arborparser | sed -n 's/^Version: //p') (Python) | heading tree | $s | $(python3 -c "print(round($mb/$s,1))") |"
for j in 1 2; do
  s=$(best "$bin" parse -q -j "$j" --format jsonl --files-from "$work/utf8.list")
  echo "| fengong -j $j | headings, tasks, clauses, metadata, cleaning | $s | $(python3 -c "print(round($mb/$s,1))") |"
done
echo
python3 bench/compare_sections.py ../shared/gold seeds "$bin" "$work/venv/bin/python"
