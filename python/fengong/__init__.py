"""fengong: Chinese policy documents (工作要点, 实施意见, 任务分工方案) into data.

    >>> import fengong
    >>> doc = fengong.parse("seeds/003_7fc39129a9cc46fe.txt")
    >>> doc["meta"]["title"]

`parse` gives the document `fengong parse --format json` prints, as a dict; `parse_many`
yields the records of `fengong parse --format jsonl`, in input order, errors as records;
`diff` gives `fengong diff --format json`; `tasks_frame` the CSV ledger's task table.
"""

import json
import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

from . import _fengong

__version__: str = _fengong.__version__
SCHEMA_VERSION: int = _fengong.SCHEMA_VERSION
TASK_COLUMNS: List[str] = list(_fengong.task_columns())

Source = Union[str, bytes, "os.PathLike[str]"]

__all__ = [
    "__version__",
    "SCHEMA_VERSION",
    "TASK_COLUMNS",
    "parse",
    "parse_many",
    "diff",
    "tasks_frame",
    "version",
]


def version() -> str:
    """The version line of the command line: crate, schema and built-in tables."""
    return "fengong " + _fengong.version_text()


def _read(source: Source) -> "tuple[bytes, Optional[str]]":
    """Bytes and the name documents carry: a path is read; bytes are the document."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), None
    path = os.fspath(source)
    with open(path, "rb") as f:
        return f.read(), path


def parse(source: Source, encoding: Optional[str] = None) -> Dict[str, Any]:
    """Parse one document: a path (str or PathLike) or the document's bytes.

    Returns the document as a dict, exactly what `fengong parse --format json` prints.
    `encoding` forces an input encoding (gbk, gb18030, big5, utf-16le …; a BOM still wins).
    Raises ValueError when the input is not a text document (binary, empty, undecodable).
    """
    data, name = _read(source)
    return json.loads(_fengong.parse_json(data, name, encoding))


def parse_many(
    paths: Iterable[Union[str, "os.PathLike[str]"]],
    jobs: int = 0,
    encoding: Optional[str] = None,
    chunk: int = 256,
) -> Iterator[Dict[str, Any]]:
    """Parse files in parallel (`jobs` threads, 0 = one per core), yielding one record per
    path in input order: `{"type": "document", ...}` or `{"type": "error", "path": ...,
    "error": ...}` — the records of `fengong parse --format jsonl`. The GIL is released
    while a chunk of files is parsed."""
    batch: List[bytes] = []
    for p in paths:
        batch.append(os.fsencode(p))
        if len(batch) >= chunk:
            yield from (json.loads(line) for line in _fengong.parse_many_jsonl(batch, jobs, encoding))
            batch = []
    if batch:
        yield from (json.loads(line) for line in _fengong.parse_many_jsonl(batch, jobs, encoding))


def diff(old: Source, new: Source, threshold: float = 0.5, encoding: Optional[str] = None) -> Dict[str, Any]:
    """Compare two plans (paths or bytes): the report `fengong diff --format json` prints."""
    (a, a_name), (b, b_name) = _read(old), _read(new)
    return json.loads(_fengong.diff_json(a, b, a_name, b_name, threshold, encoding))


def tasks_frame(docs: Union[Dict[str, Any], Iterable[Dict[str, Any]]]):
    """The task table of one or more documents (dicts from `parse` or `parse_many`; error
    records leave a status row): a pandas DataFrame with the CSV ledger's columns when
    pandas is installed, else a list of dicts."""
    if isinstance(docs, dict):
        docs = [docs]
    rows: List[Dict[str, Any]] = []
    for d in docs:
        if d.get("type") == "error":
            rows.append({c: "" for c in TASK_COLUMNS} | {
                "file": d.get("path", ""), "line": 0, "open_ended": False,
                "status": "error: " + str(d.get("error", "")),
            })
            continue
        doc = {k: v for k, v in d.items() if k != "type"}
        rows.extend(json.loads(_fengong.task_rows_json(json.dumps(doc, ensure_ascii=False))))
    try:
        import pandas
    except ImportError:
        return rows
    return pandas.DataFrame(rows, columns=TASK_COLUMNS)
