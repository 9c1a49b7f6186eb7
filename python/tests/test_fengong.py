"""The Python package against the command line: the same JSON for every seed and devset
document, records in input order with errors in place, the diff, the task table."""

import glob
import json
import os
import subprocess
import sys

import pytest

import fengong

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("FENGONG_BIN", os.path.join(ROOT, "target", "release", "fengong"))
SEEDS = sorted(glob.glob(os.path.join(ROOT, "seeds", "*.txt")))
DEVSET = sorted(glob.glob(os.path.join(ROOT, "..", "shared", "devset", "raw", "*.txt")))
# paths in the documents are as given: relative to the repository, as the CLI is run
os.chdir(ROOT)


def cli(*args):
    if not os.path.exists(BIN):
        pytest.fail(f"the CLI is needed to compare with: build it (cargo build --release) or set FENGONG_BIN ({BIN})")
    out = subprocess.run([BIN, *args], capture_output=True, check=False)
    return out


def test_version_and_schema():
    assert fengong.__version__ == "0.1.0"
    assert fengong.SCHEMA_VERSION == 1
    assert fengong.version().startswith("fengong 0.1.0 (schema 1")
    assert fengong.TASK_COLUMNS[:9] == ["file", "task_id", "section_path", "section_titles", "text",
                                        "lead", "responsible", "support", "line"]


@pytest.mark.parametrize("path", SEEDS + DEVSET, ids=os.path.basename)
def test_parse_equals_the_cli(path):
    rel = os.path.relpath(path, ROOT)
    assert fengong.parse(rel) == json.loads(cli("parse", rel).stdout)


def test_parse_many_equals_the_cli_jsonl_with_errors_in_place(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    paths = [os.path.relpath(p, ROOT) for p in SEEDS[:3]] + [str(empty)] + [os.path.relpath(SEEDS[3], ROOT)]
    got = list(fengong.parse_many(paths, jobs=2, chunk=2))
    assert [r["type"] for r in got] == ["document"] * 3 + ["error"] + ["document"]
    assert got[3]["path"] == str(empty) and "empty" in got[3]["error"]
    want = [json.loads(line) for line in cli("parse", "-q", "--format", "jsonl", *paths).stdout.splitlines()]
    assert got == want


def test_bytes_and_a_forced_encoding():
    text = open(SEEDS[0], encoding="utf-8").read()
    doc = fengong.parse(text.encode("gb18030"))
    assert doc["source"]["encoding"] == "GB18030"
    assert doc["source"]["path"] is None
    forced = fengong.parse(text.encode("gb18030"), encoding="gbk")
    assert forced["source"]["via"] == "forced"
    with pytest.raises(ValueError):
        fengong.parse(b"%PDF-1.7 binary")
    with pytest.raises(ValueError):
        fengong.parse(b"x", encoding="klingon")


def test_diff_equals_the_cli():
    old, new = "fixtures/diff/report_old.txt", "fixtures/diff/report_new.txt"
    report = fengong.diff(old, new)
    assert report == json.loads(cli("diff", "--format", "json", old, new).stdout)
    assert report["summary"]["added"] == 1


def test_tasks_frame_has_the_csv_columns_and_a_row_per_input(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    records = list(fengong.parse_many([os.path.relpath(SEEDS[0], ROOT), str(empty)]))
    rows = fengong.tasks_frame(records)
    try:
        import pandas  # noqa: F401
        rows = rows.to_dict("records")
    except ImportError:
        pass
    tasks = sum(1 for _ in _tasks(records[0]["sections"]))
    assert len(rows) == tasks + 1
    assert rows[-1]["status"].startswith("error: ")
    assert list(rows[0].keys()) == fengong.TASK_COLUMNS


def _tasks(sections):
    for s in sections:
        yield from s["tasks"]
        yield from _tasks(s["children"])


if __name__ == "__main__":
    sys.exit(pytest.main([__file__, "-q"]))
