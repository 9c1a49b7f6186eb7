//! The native half of the `fengong` Python package: thin wrappers over the library that
//! take bytes and give JSON text, with the GIL released while Rust works. The Python half
//! (`python/fengong/__init__.py`) reads files, turns JSON into dicts and builds frames, so
//! that what Python returns is the same JSON the command line writes.

use fengong::batch::{self, sink};
use fengong::{Document, Options};
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;
use std::path::PathBuf;

fn options(encoding: Option<&str>) -> PyResult<Options> {
    let mut opts = Options::default();
    if let Some(label) = encoding {
        fengong::decode::encoding_for_label(label)
            .map_err(|e| PyValueError::new_err(e.to_string()))?;
        opts.decode.encoding = Some(label.to_string());
    }
    Ok(opts)
}

fn parse_doc(data: &[u8], name: Option<&str>, opts: &Options) -> PyResult<Document> {
    fengong::parse_bytes(data, name, opts).map_err(|e| match name {
        Some(n) => PyValueError::new_err(format!("{n}: {e}")),
        None => PyValueError::new_err(e.to_string()),
    })
}

/// Parse one document's bytes; the document as pretty JSON (what `fengong parse` prints).
#[pyfunction]
#[pyo3(signature = (data, name=None, encoding=None))]
fn parse_json(
    py: Python<'_>,
    data: &[u8],
    name: Option<&str>,
    encoding: Option<&str>,
) -> PyResult<String> {
    let opts = options(encoding)?;
    py.detach(|| {
        let doc = parse_doc(data, name, &opts)?;
        serde_json::to_string_pretty(&doc).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

#[cfg(unix)]
fn path_of(raw: Vec<u8>) -> PathBuf {
    use std::os::unix::ffi::OsStringExt;
    PathBuf::from(std::ffi::OsString::from_vec(raw))
}

#[cfg(not(unix))]
fn path_of(raw: Vec<u8>) -> PathBuf {
    PathBuf::from(String::from_utf8_lossy(&raw).into_owned())
}

/// Parse files (paths as file-system bytes) in parallel; one JSON Lines record per path,
/// in order: `{"type":"document",…}` or `{"type":"error","path":…,"error":…}` — the
/// records of `fengong parse --format jsonl`.
#[pyfunction]
#[pyo3(signature = (paths, jobs=0, encoding=None))]
fn parse_many_jsonl(
    py: Python<'_>,
    paths: Vec<Vec<u8>>,
    jobs: usize,
    encoding: Option<&str>,
) -> PyResult<Vec<String>> {
    let opts = options(encoding)?;
    let inputs: Vec<PathBuf> = paths.into_iter().map(path_of).collect();
    py.detach(|| {
        let mut out = Vec::new();
        let cfg = batch::BatchConfig { jobs, large: None };
        batch::run(&inputs, &opts, &cfg, &sink::Jsonl, &mut out, &mut |_| {})
            .map_err(|e| PyOSError::new_err(e.to_string()))?;
        Ok(String::from_utf8_lossy(&out)
            .lines()
            .map(str::to_string)
            .collect())
    })
}

/// Compare two documents' bytes; the report as pretty JSON (`fengong diff --format json`).
#[pyfunction]
#[pyo3(signature = (old, new, old_name=None, new_name=None, threshold=0.5, encoding=None))]
fn diff_json(
    py: Python<'_>,
    old: &[u8],
    new: &[u8],
    old_name: Option<&str>,
    new_name: Option<&str>,
    threshold: f64,
    encoding: Option<&str>,
) -> PyResult<String> {
    let opts = options(encoding)?;
    py.detach(|| {
        let (a, b) = (
            parse_doc(old, old_name, &opts)?,
            parse_doc(new, new_name, &opts)?,
        );
        let dopts = fengong::diff::DiffOptions {
            threshold,
            ..Default::default()
        };
        let report = fengong::diff::diff(&a, &b, &dopts, fengong::duty::Lexicon::builtin());
        serde_json::to_string_pretty(&report).map_err(|e| PyValueError::new_err(e.to_string()))
    })
}

/// The CSV ledger's task rows of a document given as JSON, as a JSON list of objects.
#[pyfunction]
fn task_rows_json(doc: &str) -> PyResult<String> {
    let doc: Document = serde_json::from_str(doc)
        .map_err(|e| PyValueError::new_err(format!("not a document: {e}")))?;
    let rows = fengong::emit::ledger::task_rows(&doc);
    serde_json::to_string(&rows).map_err(|e| PyValueError::new_err(e.to_string()))
}

/// The ledger's task columns, in order.
#[pyfunction]
fn task_columns() -> Vec<&'static str> {
    fengong::emit::ledger::TASK_COLUMNS.to_vec()
}

/// `fengong 0.1.0 (schema 1, units …, renames …)`.
#[pyfunction]
fn version_text() -> String {
    fengong::version_text()
}

#[pymodule]
fn _fengong(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add("SCHEMA_VERSION", fengong::model::SCHEMA_VERSION)?;
    m.add_function(wrap_pyfunction!(parse_json, m)?)?;
    m.add_function(wrap_pyfunction!(parse_many_jsonl, m)?)?;
    m.add_function(wrap_pyfunction!(diff_json, m)?)?;
    m.add_function(wrap_pyfunction!(task_rows_json, m)?)?;
    m.add_function(wrap_pyfunction!(task_columns, m)?)?;
    m.add_function(wrap_pyfunction!(version_text, m)?)?;
    Ok(())
}
