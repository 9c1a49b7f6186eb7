//! Output formats. Every emitter writes to a `&mut dyn Write`; nothing builds the whole
//! output in a `String` first except the human tree dump, which is small by design.

pub mod csv;
pub mod ledger;
pub mod tree;
pub mod xlsx;

use crate::model::Document;
use crate::scan::{pattern, Pattern};
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
    yaml_to(doc, w)
}

/// Write documents as a YAML sequence, however many there are (dates quoted as in
/// [`yaml`]).
pub fn yaml_list(docs: &[Document], w: &mut dyn Write) -> io::Result<()> {
    yaml_to(docs, w)
}

/// Write `value` as YAML to `w` as it is serialised, bare ISO dates quoted (see [`yaml`]).
///
/// ## Errors
/// Serialisation or writing failed.
pub fn yaml_to(value: &(impl serde::Serialize + ?Sized), w: impl Write) -> io::Result<()> {
    let mut quoted = DatesQuoted::new(w);
    yaml_serde::to_writer(&mut quoted, value).map_err(to_io)?;
    quoted.finish()
}

/// A writer that quotes a bare ISO date standing as a line's value, a line at a time (the
/// pattern never spans a line break). A line is held until its break only while it may
/// still be such a line; once it holds a byte no such line has (a quote, a Han
/// character …) it is passed on as it comes, so a long text is never held whole.
struct DatesQuoted<W: Write> {
    inner: W,
    /// The line being written, up to its line break, while it may hold a bare date.
    line: Vec<u8>,
    /// The rest of the line goes straight through.
    passing: bool,
}

/// Can a line of [`YAML_DATE`] hold byte `b`? Of ASCII: spaces, `- `, a key and `:`, the
/// date's digits and dashes. Of the rest, anything but the lead byte of a character of
/// U+4000–U+9FFF (E4–E9: Han ideographs, no space or digit among them); other scripts'
/// spaces and digits match `\s` and `\d`.
fn may_be_in_date_line(b: u8) -> bool {
    if b.is_ascii() {
        b.is_ascii_alphanumeric()
            || matches!(b, b' ' | b'\t' | b'\r' | 0x0B | 0x0C | b'_' | b':' | b'-')
    } else {
        !(0xE4..=0xE9).contains(&b)
    }
}

/// Write `line` (without its line break), a bare ISO date as its value quoted.
fn write_quoting_date(out: &mut impl Write, line: &[u8]) -> io::Result<()> {
    // the pattern ends the line with a date, `…-MM-DD`: other lines are written as they are
    let n = line.len();
    let ends_in_date = n >= 10 && line.get(n - 3) == Some(&b'-') && line.get(n - 6) == Some(&b'-');
    match std::str::from_utf8(line) {
        Ok(text) if ends_in_date => out.write_all(YAML_DATE.replace(text, "$1'$2'").as_bytes()),
        _ => out.write_all(line),
    }
}

impl<W: Write> DatesQuoted<W> {
    fn new(inner: W) -> Self {
        DatesQuoted {
            inner,
            line: Vec::new(),
            passing: false,
        }
    }

    /// Take `part` of the current line (no line break in it).
    fn take(&mut self, part: &[u8]) -> io::Result<()> {
        if self.passing {
            return self.inner.write_all(part);
        }
        if part.iter().all(|&b| may_be_in_date_line(b)) {
            self.line.extend_from_slice(part);
            return Ok(());
        }
        self.passing = true;
        self.inner.write_all(&self.line)?;
        self.line.clear();
        self.inner.write_all(part)
    }

    /// The current line is complete.
    fn end_line(&mut self) -> io::Result<()> {
        if !self.passing {
            write_quoting_date(&mut self.inner, &self.line)?;
        }
        self.line.clear();
        self.passing = false;
        Ok(())
    }

    /// Write the last line (one without a line break) and flush.
    fn finish(mut self) -> io::Result<()> {
        self.end_line()?;
        self.inner.flush()
    }
}

impl<W: Write> Write for DatesQuoted<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(k) = memchr::memchr(b'\n', rest) {
            let (head, after) = rest.split_at(k);
            self.take(head)?;
            self.end_line()?;
            self.inner.write_all(b"\n")?;
            rest = after.get(1..).unwrap_or_default();
        }
        self.take(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A YAML line whose value is a bare ISO date (a mapping value or a sequence item).
static YAML_DATE: Pattern = pattern!(|| {
    crate::scan::static_regex(r"^(\s*(?:- )?(?:[A-Za-z_]+: )?)(\d{4}-\d{2}-\d{2})$")
});

#[cfg(test)]
mod tests {
    use super::*;

    /// The line-at-a-time quoting gives what quoting the whole text at once gives, however
    /// the text arrives in pieces.
    #[test]
    fn dates_are_quoted_line_by_line_as_in_the_whole_text() {
        let text = "date: 2023-03-01\nline: 12\n- 2024-12-31\n  title: 2023-03-01起施行\nd: 2023-3-1\nid: 1.2-3-45\n\u{3000}date: 2023-03-01\ntext: \"加强 2023-03-01\"\n  a_b:\u{a0}2020-01-01\n- 加强2023-03-01\ndate: \u{662}\u{660}\u{662}\u{663}-03-01\n\n  date: 1999-01-02";
        let whole = regex::Regex::new(r"(?m)^(\s*(?:- )?(?:[A-Za-z_]+: )?)(\d{4}-\d{2}-\d{2})$")
            .expect("pattern")
            .replace_all(text, "$1'$2'")
            .into_owned();
        assert!(whole.contains("date: '2023-03-01'") && whole.ends_with("'1999-01-02'"));
        assert!(whole.contains("date: '\u{662}\u{660}\u{662}\u{663}-03-01'"));
        for piece in [1, 2, 3, 7, 64] {
            let mut out = Vec::new();
            let mut w = DatesQuoted::new(&mut out);
            for chunk in text.as_bytes().chunks(piece) {
                w.write_all(chunk).expect("write");
            }
            w.finish().expect("finish");
            assert_eq!(
                String::from_utf8(out).expect("utf8"),
                whole,
                "pieces of {piece}"
            );
        }
    }
}
