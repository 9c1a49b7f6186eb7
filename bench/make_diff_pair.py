#!/usr/bin/env python3
"""Write two years of a synthetic plan with N tasks for the diff benchmark: NEW renames
every section title (reworded, not copied), rewords one task in five, moves one in ten to
another section, drops one in twenty and adds as many. Deterministic (seeded).

usage: make_diff_pair.py N OLD NEW
"""
import random
import sys

from make_long import cn  # Chinese numerals for the 一、 headings

UNITS = ["市公安局", "市市场监管局", "市商务局", "市农业农村局", "市委宣传部", "市检察院", "市法院",
         "市司法局", "市文广旅局", "市邮政管理局", "市税务局", "市卫健委"]
WORDS = list("加强推进完善健全落实深化开展组织实施建立统筹协调监督检查规范管理服务保障创新发展治理执法"
             "保护知识产权市场秩序网络平台食品药品农资商标专利版权质量安全信用体系宣传培训考核评估")


def phrase(rng, n):
    return "".join(rng.choice(WORDS) for _ in range(n))


def main():
    n, old_path, new_path = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(7)
    per = 20
    sections = []
    for s in range(max(1, n // per)):
        tasks = []
        for i in range(per):
            lead, sup = rng.sample(UNITS, 2)
            tasks.append((f"{phrase(rng, 6)}第{s}-{i}项{phrase(rng, 18)}", lead, sup))
        sections.append((f"{phrase(rng, 8)}第{s}部分", tasks))

    def write(path, secs):
        lines = ["某市知识产权保护工作要点", ""]
        for k, (title, tasks) in enumerate(secs, 1):
            lines.append(f"{cn(min(k, 999))}、{title}")
            for i, (text, lead, sup) in enumerate(tasks, 1):
                lines.append(f"{i}．{text}。（{lead}牵头，{sup}按职责分工负责）")
        open(path, "w", encoding="utf-8").write("\n".join(lines) + "\n")

    write(old_path, sections)
    new = []
    for title, tasks in sections:
        kept = []
        for text, lead, sup in tasks:
            r = rng.random()
            if r < 0.05:
                continue  # dropped
            if r < 0.25:
                text = text[:-4] + phrase(rng, 4)  # reworded
            kept.append((text, lead, sup))
        if rng.random() < 0.5:
            kept.append((f"{phrase(rng, 24)}新增", rng.choice(UNITS), rng.choice(UNITS)))
        new.append(("新" + title[2:] + "工作", kept))
    for k in range(len(new) // 10):  # moves
        a, b = rng.randrange(len(new)), rng.randrange(len(new))
        if new[a][1]:
            new[b][1].append(new[a][1].pop())
    write(new_path, new)


if __name__ == "__main__":
    main()
