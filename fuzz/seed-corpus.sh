#!/usr/bin/env bash
# Seed the fuzz corpora from the repository's documents (seeds and fixtures).
set -euo pipefail
cd "$(dirname "$0")"
mkdir -p corpus/structure corpus/duty
cp ../seeds/*.txt ../fixtures/*/*.txt corpus/structure/
# the clause parser gets single lines that hold a bracket
cat ../seeds/*.txt ../fixtures/*/*.txt | grep -E '[（(]' | head -2000 | split -l 1 - corpus/duty/line-
echo "corpora: $(ls corpus/structure | wc -l) documents, $(ls corpus/duty | wc -l) lines"
