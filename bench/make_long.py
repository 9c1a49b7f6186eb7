#!/usr/bin/env python3
"""Write one synthetic plan with K top-level sections (each with items and clauses):
used to check that a 10x larger document takes no more than 10x the time.

With --nested, the same 5*K items are numbered as a real large plan is, under three
levels (一、 / （一） / 1.), every number valid: without it, sections past the 999th all
read 九百九十九、 and are rejected as headings, so the last item holds the rest of the
document (a stress test of one huge item).

usage: make_long.py K OUT [--nested]
"""
import sys

UNITS = ["市公安局", "市市场监管局", "市商务局", "市农业农村局", "市委宣传部", "市检察院", "市法院", "市司法局"]
CN = "一二三四五六七八九"

def cn(n):
    if n < 10:
        return CN[n - 1]
    if n < 100:
        t, o = divmod(n, 10)
        return ("" if t == 1 else CN[t - 1]) + "十" + (CN[o - 1] if o else "")
    h, r = divmod(n, 100)
    return CN[h - 1] + "百" + ("零" + cn(r) if 0 < r < 10 else (cn(r) if r else ""))

def task(s, i, tag):
    lead, sup = UNITS[(s + i) % 8], UNITS[(s + 2 * i) % 8]
    return (f"推进第{tag}项任务，加强监管执法，完善工作机制，强化协同配合。"
            f"（{lead}牵头，{sup}按职责分工负责）落实配套措施，做好督促检查。（{sup}负责）")

def nested(k):
    items = 5 * k
    tops = min(99, max(1, -(-items // 2000)))
    per_sub = -(-items // (tops * 20))
    lines = ["某市知识产权保护工作要点", ""]
    n = 0
    for s in range(1, tops + 1):
        lines.append(f"{cn(s)}、第{s}项重点工作")
        for j in range(1, 21):
            lines.append(f"（{cn(j)}）第{s}-{j}组任务")
            for i in range(1, per_sub + 1):
                if n == items:
                    return lines
                n += 1
                lines.append(f"{i}. " + task(s, i, f"{s}-{j}-{i}"))
    return lines

def main():
    k, out = int(sys.argv[1]), sys.argv[2]
    if "--nested" in sys.argv[3:]:
        open(out, "w", encoding="utf-8").write("\n".join(nested(k)) + "\n")
        return
    lines = ["某市知识产权保护工作要点", ""]
    for s in range(1, k + 1):
        lines.append(f"{cn(min(s, 999))}、第{s}项重点工作")
        for i in range(1, 6):
            lead, sup = UNITS[(s + i) % 8], UNITS[(s + 2 * i) % 8]
            lines.append(f"（{cn(i)}）推进第{s}-{i}项任务，加强监管执法，完善工作机制，强化协同配合。"
                         f"（{lead}牵头，{sup}按职责分工负责）落实配套措施，做好督促检查。（{sup}负责）")
    open(out, "w", encoding="utf-8").write("\n".join(lines) + "\n")

if __name__ == "__main__":
    main()
