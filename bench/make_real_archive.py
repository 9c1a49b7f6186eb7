#!/usr/bin/env python3
"""Build a benchmark archive from real documents: every file of the source directories
(the devset and the seeds, read in place from ../shared and seeds/), replicated until the
archive holds --mb megabytes, each copy in the next encoding of the rotation (UTF-8,
GB18030, UTF-16 with BOM, UTF-8 with BOM, Big5 for texts it can hold) and with its years
varied so that no two files are identical. --encodings utf-8 gives the all-UTF-8 twin.

usage: make_real_archive.py OUT_DIR SRC_DIR... [--mb 40] [--encodings utf-8,gb18030,...]
"""
import codecs
import os
import sys

from make_archive import write_encoded  # one file of the archive, in its encoding


def read_text(path):
    data = open(path, "rb").read()
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc)
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            pass
    return data.decode("utf-8", "replace")


def main():
    args = sys.argv[1:]
    opts = {}
    for flag in ("--mb", "--encodings"):
        if flag in args:
            i = args.index(flag)
            opts[flag] = args[i + 1]
            del args[i:i + 2]
    out, sources = args[0], args[1:]
    target = float(opts.get("--mb", "40")) * 1e6
    encodings = opts.get("--encodings", "utf-8,gb18030,utf-16,utf-8-sig,big5").split(",")
    texts = []
    for d in sources:
        for name in sorted(os.listdir(d)):
            p = os.path.join(d, name)
            if os.path.isfile(p) and name.endswith(".txt"):
                texts.append(read_text(p))
    os.makedirs(out, exist_ok=True)
    total, i = 0, 0
    while total < target:
        text = texts[i % len(texts)]
        rnd = i // len(texts)
        if rnd:
            text = text.replace("2023", str(2000 + rnd % 30)).replace("2021", str(1990 + rnd % 30))
        enc = encodings[(i + rnd) % len(encodings)]
        total += write_encoded(out, i, text, enc)
        i += 1
    print(f"{i} files, {total / 1e6:.1f} MB in {out}")


if __name__ == "__main__":
    main()
