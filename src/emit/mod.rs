//! Output formats. Every emitter writes to a `&mut dyn Write`; nothing builds the whole
//! output in a `String` first except the human tree dump, which is small by design.

pub mod csv;
pub mod tree;

use crate::model::Document;
use std::io::{self, Write};

/// Output format of `fengong parse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// One JSON object (or an array for several documents).
    Json,
    /// The same data as YAML.
    Yaml,
    /// One JSON object per line.
    Jsonl,
    /// One row per task.
    Csv,
    /// A human-readable outline.
    Tree,
}

/// A serialisation error as an I/O error, keeping the kind of an underlying I/O error
/// (so that a closed pipe stays `BrokenPipe` and the CLI can exit quietly).
pub(crate) fn json_io(e: serde_json::Error) -> io::Error {
    match e.io_error_kind() {
        Some(kind) => io::Error::new(kind, e),
        None => io::Error::other(e),
    }
}

fn to_io(e: impl std::fmt::Display) -> io::Error {
    io::Error::other(e.to_string())
}

/// Write documents as JSON: one object for one document, an array for several.
pub fn json(docs: &[Document], w: &mut dyn Write) -> io::Result<()> {
    match docs {
        [one] => serde_json::to_writer_pretty(&mut *w, one).map_err(json_io)?,
        many => serde_json::to_writer_pretty(&mut *w, many).map_err(json_io)?,
    }
    w.write_all(b"\n")
}

/// Write one document as a single JSON line.
pub fn jsonl(doc: &Document, w: &mut dyn Write) -> io::Result<()> {
    // The batch hot path: sonic-rs escapes strings with SIMD (the output is mostly long
    // Han strings), into a local buffer rather than through `dyn Write` one call at a
    // time. Its bytes equal serde_json's compact output (tests/emit.rs checks).
    let mut buf = Vec::with_capacity(doc.source.bytes.saturating_mul(2).min(1 << 24));
    sonic_rs::to_writer(&mut buf, doc).map_err(io::Error::other)?;
    buf.push(b'\n');
    w.write_all(&buf)
}

/// Write documents as YAML (a sequence for several).
pub fn yaml(docs: &[Document], w: &mut dyn Write) -> io::Result<()> {
    let s = match docs {
        [one] => yaml_serde::to_string(one).map_err(to_io)?,
        many => yaml_serde::to_string(many).map_err(to_io)?,
    };
    w.write_all(s.as_bytes())
}
