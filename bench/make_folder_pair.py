#!/usr/bin/env python3
"""Write two folders of N synthetic plans each, a year apart, for the folder-diff benchmark:
most plans keep their title with the year changed, one in ten is retitled slightly, one in
twenty exists only in OLD and as many only in NEW. Each plan has 20 tasks with clauses.

usage: make_folder_pair.py N OLD_DIR NEW_DIR
"""
import os
import random
import sys

UNITS = ["市公安局", "市市场监管局", "市商务局", "市农业农村局", "市委宣传部", "市检察院", "市法院", "市司法局"]
WORDS = list("加强推进完善健全落实深化开展组织实施建立统筹协调监督检查规范管理服务保障创新发展治理执法保护")
PLACES = list("东西南北中") + ["新城", "高新", "临港", "滨湖", "江北"]
TOPICS = ["知识产权保护", "农资打假", "食品安全", "安全生产", "营商环境", "数字政府", "生态环境", "乡村振兴",
          "消费维权", "质量提升", "信用体系", "反不正当竞争"]
GENRES = ["工作要点", "实施方案", "任务分工方案", "行动计划"]
CN = "一二三四五六七八九"


def plan(rng, title, n_sections=4):
    lines = [title, ""]
    for s in range(1, n_sections + 1):
        lines.append(f"{CN[s - 1]}、{''.join(rng.choice(WORDS) for _ in range(6))}")
        for i in range(1, 6):
            text = "".join(rng.choice(WORDS) for _ in range(20))
            lead, sup = rng.sample(UNITS, 2)
            lines.append(f"（{CN[i - 1]}）{text}。（{lead}牵头，{sup}按职责分工负责）")
    return "\n".join(lines) + "\n"


def main():
    n, old_dir, new_dir = int(sys.argv[1]), sys.argv[2], sys.argv[3]
    rng = random.Random(11)
    os.makedirs(old_dir, exist_ok=True)
    os.makedirs(new_dir, exist_ok=True)
    for k in range(n):
        place = f"{rng.choice(PLACES)}{k}区"
        topic, genre = rng.choice(TOPICS), rng.choice(GENRES)
        body_seed = rng.random()
        r = rng.random()
        old_title = f"{place}2023年{topic}{genre}"
        new_title = f"{place}2024年{topic}{genre}"
        if r < 0.1:
            new_title = f"{place}2024年{topic}专项{genre}"
        if r > 0.95:
            new_title = None  # only in OLD
        with open(os.path.join(old_dir, f"{k:05d}.txt"), "w", encoding="utf-8") as f:
            f.write(plan(random.Random(body_seed), old_title))
        if new_title:
            with open(os.path.join(new_dir, f"{k:05d}.txt"), "w", encoding="utf-8") as f:
                f.write(plan(random.Random(body_seed + 1), new_title))
        if r > 0.95:
            with open(os.path.join(new_dir, f"x{k:05d}.txt"), "w", encoding="utf-8") as f:
                f.write(plan(rng, f"{place}2024年新设{topic}办法"))


if __name__ == "__main__":
    main()
