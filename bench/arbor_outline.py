#!/usr/bin/env python3
"""Side-by-side reference: the outline of each file by ArborParser (PyPI `arborparser`),
a general parser of numbered headings, configured for the four numbering styles of
Chinese policy documents (一、 （一） 1. （1）). It builds the heading tree only — no
clauses, no cleaning, UTF-8 only — so it does a subset of fengong's work.

usage: arbor_outline.py FILE_LIST > out.jsonl   (one path per line)
"""
import json
import sys

from arborparser import AutoPruneStrategy, ChainParser, PatternBuilder, TreeBuilder, TreeExporter
from arborparser.pattern import NumberType

PATTERNS = [
    PatternBuilder(number_type=NumberType.CHINESE, suffix_regex=r"、", max_level=1).build(),
    PatternBuilder(prefix_regex=r"[（(]", number_type=NumberType.CHINESE, suffix_regex=r"[）)]", max_level=1).build(),
    PatternBuilder(number_type=NumberType.ARABIC, suffix_regex=r"[.．、]", max_level=1).build(),
    PatternBuilder(prefix_regex=r"[（(]", number_type=NumberType.ARABIC, suffix_regex=r"[）)]", max_level=1).build(),
]


def main():
    parser = ChainParser(PATTERNS)
    builder = TreeBuilder(strategy=AutoPruneStrategy())
    out = sys.stdout
    for path in open(sys.argv[1], encoding="utf-8").read().split("\n"):
        if not path:
            continue
        try:
            text = open(path, encoding="utf-8-sig").read()
            tree = builder.build_tree(parser.parse_to_chain(text))
            out.write(json.dumps({"path": path, "tree": json.loads(TreeExporter.export_to_json(tree))}, ensure_ascii=False))
            out.write("\n")
        except Exception as e:  # report and go on, as fengong does
            out.write(json.dumps({"type": "error", "path": path, "error": str(e)}) + "\n")


if __name__ == "__main__":
    main()
