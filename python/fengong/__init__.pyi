import os
from typing import Any, Dict, Iterable, Iterator, List, Optional, Union

__version__: str
SCHEMA_VERSION: int
TASK_COLUMNS: List[str]

Source = Union[str, bytes, os.PathLike[str]]

def version() -> str: ...
def parse(source: Source, encoding: Optional[str] = ...) -> Dict[str, Any]: ...
def parse_many(
    paths: Iterable[Union[str, os.PathLike[str]]],
    jobs: int = ...,
    encoding: Optional[str] = ...,
    chunk: int = ...,
) -> Iterator[Dict[str, Any]]: ...
def diff(old: Source, new: Source, threshold: float = ..., encoding: Optional[str] = ...) -> Dict[str, Any]: ...
def tasks_frame(docs: Union[Dict[str, Any], Iterable[Dict[str, Any]]]) -> Any: ...
