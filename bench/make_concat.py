#!/usr/bin/env python3
"""Write one large document made of real ones: the UTF-8 documents of a folder (the devset),
one after another, again and again, until the file holds MB megabytes. Every non-blank line
gets the number of its copy appended (（第N份）), so no line repeats: a repeated line would
be dropped as a running header or a second copy, and the document would shrink.

This is the shape of a large file a user may really have (an archive's plans run together
into one text): every copy restarts its numbering, so all but the first copy's headings are
rejected and their text runs into the last items, and an unclosed bracket in one copy joins
the rest into one paragraph. Used for the memory figures in docs/performance.md.

usage: make_concat.py RAW_DIR OUT [--mb 50]
"""
import argparse
import os


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("raw")
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=50)
    a = ap.parse_args()
    docs = []
    for name in sorted(os.listdir(a.raw)):
        try:
            with open(os.path.join(a.raw, name), encoding="utf-8") as f:
                docs.append(f.read())
        except (UnicodeDecodeError, IsADirectoryError):
            continue  # (GBK and Big5 documents: this file is UTF-8)
    if not docs:
        raise SystemExit(f"no UTF-8 documents in {a.raw}")
    target = int(a.mb * 1_000_000)
    written, copy = 0, 0
    with open(a.out, "w", encoding="utf-8") as out:
        while written < target:
            for doc in docs:
                copy += 1
                lines = (f"{l}（第{copy}份）" if l.strip() else l for l in doc.split("\n"))
                piece = "\n".join(lines) + "\n"
                out.write(piece)
                written += len(piece.encode("utf-8"))
                if written >= target:
                    break


if __name__ == "__main__":
    main()
