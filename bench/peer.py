#!/usr/bin/env python3
"""The Python peer for the speed benchmark: a plain regex script doing a cruder version of
fengong's job, written the way an analyst's script would be — decode (BOM, UTF-8, GB18030,
Big5), split lines, find headings (一、 （一） 1. （1） ① 第一章/条), nest them by the order
in which styles first appear, cut each item's text into tasks at responsibility clauses,
split the clause into lead / responsible / support units, take a title, and write one JSON
line per document.

usage: peer.py DIR_OR_FILES... > out.jsonl
"""
import codecs
import json
import os
import re
import sys

CN = "一二三四五六七八九十百零〇"
STYLES = [
    ("chinese_comma", re.compile(rf"^([{CN}]+)、")),
    ("paren_chinese", re.compile(rf"^[（(]([{CN}]+)[）)]")),
    ("arabic_dot", re.compile(r"^(\d{1,3})[．.、](?!\d)")),
    ("paren_arabic", re.compile(r"^[（(](\d{1,3})[）)]")),
    ("circled", re.compile(r"^([①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳])")),
    ("chapter", re.compile(rf"^第([{CN}\d]+)[章部分]")),
    ("article", re.compile(rf"^第([{CN}\d]+)条")),
]
CLAUSE = re.compile(r"[（(]([^（）()]{2,200}?(?:牵头|负责|配合|参与|协助)[^（）()]{0,100})[）)]")
LABEL = re.compile(r"(牵头单位|责任单位|配合单位)[:：]")
SPLIT = re.compile(r"[、，,；;]|和(?=[\u4e00-\u9fff]{2,}(?:局|厅|委|办|院|部|会))")
ROLE_TAIL = re.compile(r"(按职责分工)?(分别)?(共同)?(牵头负责|牵头|负责落实|负责|配合|参与|协助)?$")
TITLE = re.compile(r"(方案|要点|意见|通知|计划|办法|规划)$")


def decode(data):
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace"), enc
    for enc in ("utf-8", "gb18030", "big5"):
        try:
            return data.decode(enc), enc
        except UnicodeDecodeError:
            pass
    return data.decode("gb18030", "replace"), "gb18030"


def units(text):
    out = []
    for part in SPLIT.split(text):
        part = ROLE_TAIL.sub("", part.strip())
        if 2 <= len(part) <= 30:
            out.append(part)
    return out


def clause(raw):
    """Lead, responsible and support units of one clause."""
    lead, resp, support = [], [], []
    if LABEL.search(raw):
        for label, body in re.findall(r"(牵头单位|责任单位|配合单位)[:：]([^；;]*)", raw):
            {"牵头单位": lead, "责任单位": resp, "配合单位": support}[label].extend(units(body))
        return lead, resp, support
    for piece in re.split(r"[，,；;]", raw):
        if "牵头" in piece:
            lead.extend(units(piece.split("牵头")[0]))
        elif re.search("配合|参与|协助", piece) or (lead and "负责" in piece):
            support.extend(units(re.split("配合|参与|协助|按职责|负责", piece)[0]))
        elif "负责" in piece:
            resp.extend(units(piece.split("负责")[0]))
    return lead, resp, support


def tasks(sec_id, text):
    out, start = [], 0
    for m in CLAUSE.finditer(text):
        body = text[start:m.start()].strip("。；; ")
        if body:
            lead, resp, support = clause(m.group(1))
            out.append({"id": f"{sec_id}/{len(out) + 1}", "text": body, "responsibility": {
                "raw": m.group(0), "lead": lead, "responsible": resp, "support": support}})
        start = m.end()
    rest = text[start:].strip("。；; ")
    if rest and not out:
        out.append({"id": f"{sec_id}/1", "text": rest, "responsibility": None})
    return out


def parse(path):
    text, enc = decode(open(path, "rb").read())
    lines = [l.strip().replace("\u3000", "") for l in text.replace("\r\n", "\n").split("\n")]
    order, stack, top, title = [], [], [], None
    current = None
    for no, line in enumerate(lines, 1):
        if not line:
            continue
        if title is None and TITLE.search(line) and len(line) < 80:
            title = line
        for style, rx in STYLES:
            m = rx.match(line)
            if m:
                if style not in order:
                    order.append(style)
                level = order.index(style) + 1
                while stack and stack[-1]["level"] >= level:
                    stack.pop()
                parent = stack[-1] if stack else None
                siblings = parent["children"] if parent else top
                sec_id = f"{parent['id']}.{len(siblings) + 1}" if parent else str(len(siblings) + 1)
                body = line[m.end():]
                current = {"id": sec_id, "level": level, "style": style, "line": no,
                           "title": re.split("[。；]", body)[0], "text": body, "children": []}
                siblings.append(current)
                stack.append(current)
                break
        else:
            if current is not None:
                current["text"] += line
    def finish(sec):
        sec["tasks"] = tasks(sec["id"], sec["text"]) if not sec["children"] else []
        for c in sec["children"]:
            finish(c)
        return sec
    return {"source": {"path": path, "encoding": enc}, "meta": {"title": title},
            "sections": [finish(s) for s in top]}


def main():
    paths = []
    for arg in sys.argv[1:]:
        if os.path.isdir(arg):
            paths.extend(sorted(os.path.join(arg, f) for f in os.listdir(arg)))
        else:
            paths.append(arg)
    out = sys.stdout
    for p in paths:
        out.write(json.dumps(parse(p), ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
