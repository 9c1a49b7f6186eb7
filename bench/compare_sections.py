#!/usr/bin/env python3
"""Section F1 against the gold files, for fengong and for ArborParser side by side.

usage: compare_sections.py GOLD_DIR SEEDS_DIR FENGONG_BIN ARBOR_PYTHON
Section ids are positions in the tree (1, 1.2, 1.2.3), as in the gold files; a section
counts when its id exists and its title starts like the gold title (eval.py's rule).
"""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(sys.argv[1])), "tools"))
from eval import f1, title_ok  # noqa: E402  (../shared/tools/eval.py: the project's scorer)


def fengong_sections(binary, path):
    doc = json.loads(subprocess.run([binary, "parse", "--format", "json", path], capture_output=True, check=True).stdout)
    out = {}

    def walk(ss):
        for s in ss or []:
            out[str(s["id"])] = s.get("title") or ""
            walk(s.get("children"))

    walk(doc.get("sections"))
    return out


def arbor_sections(python, path):
    with tempfile.NamedTemporaryFile("w", suffix=".list", delete=False) as f:
        f.write(path + "\n")
    here = os.path.dirname(os.path.abspath(__file__))
    line = subprocess.run([python, os.path.join(here, "arbor_outline.py"), f.name], capture_output=True, check=True, text=True).stdout
    os.unlink(f.name)
    rec = json.loads(line)
    out = {}

    def walk(node, prefix):
        for k, c in enumerate(node.get("children", []), 1):
            sid = f"{prefix}.{k}" if prefix else str(k)
            # ArborParser's title is the heading line after its number
            out[sid] = c.get("title") or ""
            walk(c, sid)

    walk(rec.get("tree", {}), "")
    return out


def main():
    gold_dir, seeds, binary, python = sys.argv[1:5]
    totals = {"fengong": [0, 0, 0], "arborparser": [0, 0, 0]}
    print("| document | gold sections | fengong F1 | ArborParser F1 |")
    print("|---|---|---|---|")
    for name in sorted(os.listdir(seeds)):
        gold = json.load(open(os.path.join(gold_dir, name + ".gold.json"), encoding="utf-8"))
        want = {s["id"]: s.get("title") for s in gold["sections"]}
        row = []
        for tool, got in (("fengong", fengong_sections(binary, os.path.join(seeds, name))),
                          ("arborparser", arbor_sections(python, os.path.join(seeds, name)))):
            tp = sum(1 for sid, t in want.items() if sid in got and title_ok(t, got[sid]))
            for i, v in enumerate((tp, len(got), len(want))):
                totals[tool][i] += v
            row.append(f"{f1(tp, len(got), len(want))[0]:.3f}")
        print(f"| {name} | {len(want)} | {row[0]} | {row[1]} |")
    print(f"| all (micro) | {totals['fengong'][2]} | {f1(*totals['fengong'])[0]:.3f} | {f1(*totals['arborparser'])[0]:.3f} |")


if __name__ == "__main__":
    main()
