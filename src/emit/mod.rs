//! Output formats. Every emitter writes to a `&mut dyn Write`; nothing builds the whole
//! output in a `String` first except the human tree dump, which is small by design.

pub mod csv;
pub mod ledger;
pub mod tree;
pub mod xlsx;

use crate::model::Document;
use std::io::{self, Write};

/// Output format of `fengong parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object, or an array when several inputs were asked for.
    Json,
    /// The same data as YAML.
    Yaml,
    /// One JSON object per line.
    Jsonl,
    /// One row per task (a status row for a document without tasks or a failed input).
    Csv,
    /// One row per unit × role × task.
    UnitsCsv,
    /// An Excel workbook: tasks, units, files.
    Xlsx,
    /// A human-readable outline.
    Tree,
}

/// A serialisation error as an I/O error, keeping the kind of an underlying I/O error
/// (so that a closed pipe stays `BrokenPipe` and the CLI can exit quietly).
pub fn json_io(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

fn to_io(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Write one document as a pretty-printed JSON object.
pub fn json(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, doc).map_err(json_io)?;
    w.write_all(b"\n")
}

/// Write documents as a pretty-printed JSON array, however many there are (the batch
/// streams the same bytes element by element: `batch::sink::Json`).
pub fn json_array(docs: &[Document], w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, docs).map_err(json_io)?;
    w.write_all(b"\n")
}

/// Write one document as a single JSON line: the document object with `"type":"document"`
/// first, so that a stream mixing documents and error records (`"type":"error"`) is read
/// by one test of the `type` field.
pub fn jsonl(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    w.write_all(&jsonl_record(doc)?)
}

/// The JSON Lines record of one document, newline included (see [`jsonl`]).
pub fn jsonl_record(doc: &Document) -> io::Result<Vec<u8>> {
    // The batch hot path: sonic-rs escapes strings with SIMD (the output is mostly long
    // Han strings), into a local buffer rather than through `dyn Write` one call at a
    // time. Its bytes equal serde_json's compact output (tests/emit.rs checks).
    // (a record is about three times its input; the serialiser reserves six bytes per
    // byte of a string before writing it, so a buffer sized to the record alone would be
    // grown, and copied, at the document's long texts)
    let room = doc.source.bytes.saturating_mul(4).saturating_add(1 << 16);
    let mut buf = Vec::with_capacity(room.min(1 << 24));
    // `{"type":"document"` then the document's object, whose opening brace becomes the
    // comma: no second copy of the record
    let prefix = br#"{"type":"document""#;
    buf.extend_from_slice(prefix);
    sonic_rs::to_writer(&mut buf, doc).map_err(io::Error::other)?;
    if let Some(b) = buf.get_mut(prefix.len()) {
        *b = b',';
    }
    buf.push(b'\n');
    Ok(buf)
}

/// Write one document as a YAML mapping. A scalar that is a bare ISO date
/// (`date: 2023-03-01`) is quoted, so that YAML 1.1 readers (PyYAML) load the string the
/// JSON output carries, not a date object.
pub fn yaml(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    let s = yaml_serde::to_string(doc).map_err(to_io)?;
    w.write_all(YAML_DATE.replace_all(&s, "$1'$2'").as_bytes())
}

/// Write documents as a YAML sequence, however many there are (dates quoted as in
/// [`yaml`]).
pub fn yaml_list(docs: &[Document], w: &mut dyn Write) -> io::Result<()> {
    let s = yaml_serde::to_string(docs).map_err(to_io)?;
    w.write_all(YAML_DATE.replace_all(&s, "$1'$2'").as_bytes())
}

/// A YAML line whose value is a bare ISO date (a mapping value or a sequence item).
static YAML_DATE: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new(|| {
    crate::scan::static_regex(r"(?m)^(\s*(?:- )?(?:[A-Za-z_]+: )?)(\d{4}-\d{2}-\d{2})$")
});
