#!/usr/bin/env python3
"""Build a benchmark archive from the seeds: N files, mixed encodings, each a seed with
its numbers varied so that no two files are identical.

usage: make_archive.py SEEDS_DIR OUT_DIR [--files 12000] [--encodings utf-8,gb18030,...]

Encodings rotate independently of the seeds (every seed appears in every encoding).
"""
import os
import sys


def write_encoded(out, i, text, enc):
    """Write `text` as file number `i` of the archive in `enc` (UTF-8 where `enc` cannot
    hold it); return the bytes written."""
    try:
        data = text.encode(enc)
    except UnicodeEncodeError:
        data = text.encode("utf-8")
    with open(os.path.join(out, f"{i:06d}.txt"), "wb") as f:
        f.write(data)
    return len(data)


def main():
    seeds_dir, out = sys.argv[1], sys.argv[2]
    n = int(sys.argv[sys.argv.index("--files") + 1]) if "--files" in sys.argv else 12000
    seeds = [open(os.path.join(seeds_dir, f), encoding="utf-8").read() for f in sorted(os.listdir(seeds_dir))]
    os.makedirs(out, exist_ok=True)
    encodings = ["utf-8", "utf-8", "gb18030", "utf-16", "utf-8-sig"]
    if "--encodings" in sys.argv:
        encodings = sys.argv[sys.argv.index("--encodings") + 1].split(",")
    total = 0
    for i in range(n):
        text = seeds[i % len(seeds)].replace("2023", str(2000 + i % 30)).replace("2017", str(1990 + i % 30))
        enc = encodings[(i // len(seeds)) % len(encodings)]
        total += write_encoded(out, i, text, enc)
    print(f"{n} files, {total / 1e6:.1f} MB in {out}")

if __name__ == "__main__":
    main()
