"""A real distributed run: PySpark in local mode parses the seeds and the devset through
the package in mapPartitions and through the `--stdin-records` filter with RDD.pipe;
every input comes back once, and the rows equal the single-machine output.

Skipped when pyspark is not installed, except where FENGONG_REQUIRE_SPARK is set
(.ci/run installs pyspark and sets it)."""

import base64
import glob
import json
import os
import sys

import pytest

import fengong

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
BIN = os.environ.get("FENGONG_BIN", os.path.join(ROOT, "target", "release", "fengong"))
os.chdir(ROOT)
PATHS = sorted(
    os.path.relpath(p, ROOT)
    for p in glob.glob(os.path.join(ROOT, "seeds", "*.txt"))
    + glob.glob(os.path.join(ROOT, "..", "shared", "devset", "raw", "*.txt"))
)

try:
    from pyspark.sql import Row, SparkSession
except ImportError:  # pragma: no cover - depends on the machine
    if os.environ.get("FENGONG_REQUIRE_SPARK"):
        raise
    pytest.skip("pyspark is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def spark():
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    os.environ.setdefault("PYSPARK_DRIVER_PYTHON", sys.executable)
    s = (
        SparkSession.builder.master("local[2]")
        .appName("fengong-test")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.host", "127.0.0.1")
        .getOrCreate()
    )
    s.sparkContext.setLogLevel("ERROR")
    yield s
    s.stop()


def single_machine():
    return {
        r.get("path") or r["source"]["path"]: json.dumps(r, ensure_ascii=False, sort_keys=True)
        for r in fengong.parse_many(PATHS)
    }


def test_map_partitions_gives_every_input_once_and_the_same_rows(spark):
    # defined here, so that Spark ships the function itself to its workers
    def parse_partition(paths):
        for record in fengong.parse_many(list(paths), jobs=1):
            path = record.get("path") or record["source"]["path"]
            text = json.dumps(record, ensure_ascii=False, sort_keys=True)
            yield Row(path=path, type=record["type"], record=text)

    assert len(PATHS) >= 5
    rdd = spark.sparkContext.parallelize(PATHS, numSlices=4)
    frame = spark.createDataFrame(rdd.mapPartitions(parse_partition))
    rows = frame.collect()
    paths = [r.path for r in rows]
    assert sorted(paths) == PATHS, "every input exactly once"
    want = single_machine()
    assert {r.path: r.record for r in rows} == want
    assert all(r.type == "document" for r in rows)


def test_rdd_pipe_through_the_stdin_records_filter(spark):
    def to_record(path):
        with open(path, "rb") as f:
            data = base64.b64encode(f.read()).decode()
        return json.dumps({"key": path, "bytes": data})

    rdd = spark.sparkContext.parallelize(PATHS, numSlices=3).map(to_record)
    out = rdd.pipe(f"{BIN} parse --stdin-records -j1").map(json.loads).collect()
    assert sorted(r["key"] for r in out) == PATHS, "every input exactly once"
    for r in out:
        assert r["type"] == "document", r.get("error")
        assert r["document"] == fengong.parse(r["key"]), r["key"]
