//! Output formats behind one interface. A batch renders each document in a worker
//! thread ([`Sink::render`]) and writes the pieces in input order ([`Sink::write`]), so
//! serialisation scales with the threads and no format holds the archive in memory:
//! a JSON array or YAML sequence is streamed element by element.

use crate::emit::{self, Format};
use crate::model::{Document, Warning};
use crate::Streamed;
use crate::{Error, Options};
use std::io::{self, BufWriter, Write};

/// One document, rendered.
#[derive(Debug, Default)]
pub struct Rendered {
    /// The bytes the sink writes for it.
    pub bytes: Vec<u8>,
    /// Tasks in the document.
    pub tasks: usize,
    /// Warnings in the document.
    pub warnings: usize,
}

/// An output format.
pub trait Sink: Sync {
    /// Written before the first document.
    ///
    /// ## Errors
    /// Writing failed.
    fn begin(&self, _out: &mut dyn Write) -> io::Result<()> {
        Ok(())
    }

    /// Parse one input and render it (called from worker threads, in any order).
    ///
    /// ## Errors
    /// The input could not be decoded, or rendering failed.
    fn parse(
        &self,
        name: &str,
        bytes: &[u8],
        opts: &Options,
        note: Option<Warning>,
    ) -> Result<Rendered, Error> {
        let mut doc = crate::parse_bytes(bytes, Some(name), opts)?;
        doc.warnings.extend(note);
        self.render(&doc).map_err(|e| Error::Io {
            path: name.into(),
            source: e,
        })
    }

    /// Render one parsed document.
    ///
    /// ## Errors
    /// Serialisation failed.
    fn render(&self, doc: &Document) -> io::Result<Rendered>;

    /// What goes before and after the `nth` (from 0) rendered document in the output
    /// (JSON's array separators); `None` when a document is not written as its bytes
    /// (the workbook gathers its rows). The batch writes a chunk's documents framed so in
    /// one vectored write.
    fn frame(&self, _nth: usize) -> Option<(&'static [u8], &'static [u8])> {
        Some((b"", b""))
    }

    /// Write the `nth` (from 0) rendered document, in input order: its [`Sink::frame`]
    /// around it.
    ///
    /// ## Errors
    /// Writing failed.
    fn write(&self, out: &mut dyn Write, nth: usize, piece: &[u8]) -> io::Result<()> {
        let (before, after) = self.frame(nth).unwrap_or_default();
        out.write_all(before)?;
        out.write_all(piece)?;
        out.write_all(after)
    }

    /// Whether [`Sink::write_streamed`] writes this format (a large input is then
    /// parsed on the writer and written as it is assembled).
    fn streams(&self) -> bool {
        false
    }

    /// Write the `nth` (from 0) document, assembling its sections as they are written:
    /// the same bytes [`Sink::render`] and [`Sink::write`] give. Only formats for which
    /// [`Sink::streams`] is true have it.
    ///
    /// ## Errors
    /// Writing failed, or the format does not stream.
    fn write_streamed(
        &self,
        _out: &mut dyn Write,
        _nth: usize,
        _doc: &Streamed<'_>,
    ) -> io::Result<()> {
        Err(io::Error::other(
            "this output format is not written as it is assembled",
        ))
    }

    /// Account for an input that failed, in its place (JSON Lines writes an error
    /// record, CSV a status row, the workbook a row of its file sheet); nothing by default.
    ///
    /// ## Errors
    /// Writing failed.
    fn failed(&self, _out: &mut dyn Write, _name: &str, _error: &str) -> io::Result<()> {
        Ok(())
    }

    /// Written after the last document; `written` documents went before.
    ///
    /// ## Errors
    /// Writing failed.
    fn finish(&self, _out: &mut dyn Write, _written: usize) -> io::Result<()> {
        Ok(())
    }
}

fn counted(doc: &Document, bytes: Vec<u8>) -> Rendered {
    Rendered {
        bytes,
        tasks: doc.task_count(),
        warnings: doc.warnings.len(),
    }
}

/// Indent every line after the first by two spaces: an element of a pretty-printed
/// array or a YAML sequence item (strings never hold a raw newline in JSON; YAML block
/// scalars move with their key).
fn indent_rest(text: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len() + text.len() / 16);
    // (writing to a Vec cannot fail)
    let _ = Indented::new(&mut out).write_all(text);
    out
}

/// Run `f` on `out` through a 64 KB buffer, flushed at the end (a streamed document is
/// written in many small pieces).
fn buffered(
    out: &mut dyn Write,
    f: impl FnOnce(&mut BufWriter<&mut dyn Write>) -> io::Result<()>,
) -> io::Result<()> {
    let mut w = BufWriter::with_capacity(1 << 16, out);
    f(&mut w)?;
    w.flush()
}

/// A writer that indents every line after the first by two spaces (an empty line stays
/// empty).
struct Indented<W: Write> {
    inner: W,
    /// A line break was written: the next byte starts a line.
    line_start: bool,
}

impl<W: Write> Indented<W> {
    fn new(inner: W) -> Indented<W> {
        Indented {
            inner,
            line_start: false,
        }
    }
}

impl<W: Write> Write for Indented<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let mut rest = buf;
        while let Some(&first) = rest.first() {
            if self.line_start && first != b'\n' {
                self.inner.write_all(b"  ")?;
            }
            let end = memchr::memchr(b'\n', rest).map_or(rest.len(), |k| k + 1);
            let (piece, after) = rest.split_at(end);
            self.inner.write_all(piece)?;
            self.line_start = piece.last() == Some(&b'\n');
            rest = after;
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A writer that drops the first byte written to it.
struct SkipFirst<W: Write> {
    inner: W,
    skipped: bool,
}

impl<W: Write> SkipFirst<W> {
    fn new(inner: W) -> SkipFirst<W> {
        SkipFirst {
            inner,
            skipped: false,
        }
    }
}

impl<W: Write> Write for SkipFirst<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let rest = match (self.skipped, buf.split_first()) {
            (false, Some((_, rest))) => {
                self.skipped = true;
                rest
            }
            _ => buf,
        };
        self.inner.write_all(rest)?;
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// What goes before the `nth` (from 0) element of a streamed JSON array.
fn array_element(nth: usize) -> &'static [u8] {
    if nth == 0 {
        b"[\n  "
    } else {
        b",\n  "
    }
}

/// JSON: one object, or an array streamed element by element. Byte for byte what
/// `serde_json::to_writer_pretty` gives for the document or the list.
pub struct Json {
    /// An array (several inputs asked for), or one object.
    pub array: bool,
}

impl Sink for Json {
    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let mut b = Vec::with_capacity(doc.source.bytes.saturating_mul(3).min(1 << 24));
        serde_json::to_writer_pretty(&mut b, doc).map_err(emit::json_io)?;
        let b = if self.array { indent_rest(&b) } else { b };
        Ok(counted(doc, b))
    }

    fn frame(&self, nth: usize) -> Option<(&'static [u8], &'static [u8])> {
        Some(if self.array {
            (array_element(nth), b"")
        } else {
            (b"", b"\n")
        })
    }

    fn streams(&self) -> bool {
        true
    }

    fn write_streamed(
        &self,
        out: &mut dyn Write,
        nth: usize,
        doc: &Streamed<'_>,
    ) -> io::Result<()> {
        buffered(out, |w| {
            if self.array {
                w.write_all(array_element(nth))?;
                serde_json::to_writer_pretty(Indented::new(w), doc).map_err(emit::json_io)
            } else {
                serde_json::to_writer_pretty(&mut *w, doc).map_err(emit::json_io)?;
                w.write_all(b"\n")
            }
        })
    }

    fn finish(&self, out: &mut dyn Write, written: usize) -> io::Result<()> {
        match (self.array, written) {
            (true, 0) => out.write_all(b"[]\n"),
            (true, _) => out.write_all(b"\n]\n"),
            (false, _) => Ok(()),
        }
    }
}

/// YAML: one mapping, or a sequence streamed item by item.
pub struct Yaml {
    /// A sequence (several inputs asked for), or one mapping.
    pub array: bool,
}

impl Sink for Yaml {
    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let mut b = Vec::new();
        emit::yaml(doc, &mut b)?;
        if self.array {
            let mut item = b"- ".to_vec();
            item.extend(indent_rest(&b));
            b = item;
        }
        Ok(counted(doc, b))
    }

    fn streams(&self) -> bool {
        true
    }

    fn write_streamed(
        &self,
        out: &mut dyn Write,
        _nth: usize,
        doc: &Streamed<'_>,
    ) -> io::Result<()> {
        buffered(out, |w| {
            if self.array {
                w.write_all(b"- ")?;
                emit::yaml_to(doc, Indented::new(w))
            } else {
                emit::yaml_to(doc, w)
            }
        })
    }

    fn finish(&self, out: &mut dyn Write, written: usize) -> io::Result<()> {
        if self.array && written == 0 {
            out.write_all(b"[]\n")?;
        }
        Ok(())
    }
}

/// JSON Lines: a `"type":"document"` record per document, a `"type":"error"` record per
/// input that failed.
pub struct Jsonl;

/// One line of `--format jsonl`, `type` first. (Document records are written by
/// `emit::jsonl_record`, byte for byte what this type serialises to; this type gives the
/// error records and the published schema.)
#[derive(Debug, serde::Serialize, schemars::JsonSchema)]
#[serde(tag = "type", rename_all = "lowercase")]
pub enum JsonlRecord {
    /// A parsed document: the document's fields after `"type":"document"`.
    Document(Box<Document>),
    /// An input that could not be parsed, in its place.
    Error {
        /// The input, as the document's `source.path` would have named it.
        path: String,
        /// What went wrong.
        error: String,
    },
}

impl Sink for Jsonl {
    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        Ok(counted(doc, emit::jsonl_record(doc)?))
    }

    fn streams(&self) -> bool {
        true
    }

    fn write_streamed(
        &self,
        out: &mut dyn Write,
        _nth: usize,
        doc: &Streamed<'_>,
    ) -> io::Result<()> {
        // `{"type":"document",` then the document's object without its opening brace
        buffered(out, |w| {
            w.write_all(br#"{"type":"document","#)?;
            serde_json::to_writer(SkipFirst::new(&mut *w), doc).map_err(emit::json_io)?;
            w.write_all(b"\n")
        })
    }

    fn failed(&self, out: &mut dyn Write, name: &str, error: &str) -> io::Result<()> {
        let rec: JsonlRecord = JsonlRecord::Error {
            path: name.to_string(),
            error: error.to_string(),
        };
        serde_json::to_writer(&mut *out, &rec).map_err(emit::json_io)?;
        out.write_all(b"\n")
    }
}

/// CSV: one header, then one row per task.
pub struct Csv {
    /// Start with a UTF-8 BOM (for spreadsheets on Windows).
    pub bom: bool,
}

impl Sink for Csv {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        emit::csv::Writer::new(out, Some(&emit::csv::HEADER), self.bom).map(drop)
    }

    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let mut b = Vec::new();
        emit::csv::Writer::new(&mut b, None, false)?.document(doc)?;
        Ok(counted(doc, b))
    }

    fn streams(&self) -> bool {
        true
    }

    fn write_streamed(
        &self,
        out: &mut dyn Write,
        _nth: usize,
        doc: &Streamed<'_>,
    ) -> io::Result<()> {
        emit::csv::Writer::new(out, None, false)?.streamed(doc)
    }

    fn failed(&self, out: &mut dyn Write, name: &str, error: &str) -> io::Result<()> {
        emit::csv::Writer::new(out, None, false)?.failed(name, error)
    }
}

/// The who-does-what table: one CSV row per unit × role × task.
pub struct UnitsCsv {
    /// Start with a UTF-8 BOM.
    pub bom: bool,
}

impl Sink for UnitsCsv {
    fn begin(&self, out: &mut dyn Write) -> io::Result<()> {
        emit::csv::Writer::new(out, Some(&emit::ledger::UNIT_COLUMNS), self.bom).map(drop)
    }

    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let mut b = Vec::new();
        emit::csv::Writer::new(&mut b, None, false)?.units(doc)?;
        Ok(counted(doc, b))
    }
}

/// The Excel ledger: rows are made in the workers, the workbook is filled in input order
/// and written at the end (a workbook is one zip file; it cannot be streamed).
pub struct Xlsx {
    book: std::sync::Mutex<Option<emit::xlsx::Book>>,
}

impl Xlsx {
    /// An empty ledger.
    ///
    /// ## Errors
    /// The workbook could not be started.
    pub fn new() -> io::Result<Xlsx> {
        Ok(Xlsx {
            book: std::sync::Mutex::new(Some(emit::xlsx::Book::new()?)),
        })
    }

    fn with_book(&self, f: impl FnOnce(&mut emit::xlsx::Book) -> io::Result<()>) -> io::Result<()> {
        let mut guard = self
            .book
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        match guard.as_mut() {
            Some(book) => f(book),
            None => Err(io::Error::other("the workbook was already written")),
        }
    }
}

/// One document's ledger rows, as they travel from a worker to the writer.
#[derive(serde::Serialize, serde::Deserialize)]
struct LedgerRows {
    tasks: Vec<emit::ledger::TaskRow>,
    units: Vec<emit::ledger::UnitRow>,
    file: emit::ledger::FileRow,
}

impl Sink for Xlsx {
    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let rows = LedgerRows {
            tasks: emit::ledger::task_rows(doc),
            units: emit::ledger::unit_rows(doc),
            file: emit::ledger::file_row(doc),
        };
        let bytes = serde_json::to_vec(&rows).map_err(emit::json_io)?;
        Ok(counted(doc, bytes))
    }

    fn frame(&self, _nth: usize) -> Option<(&'static [u8], &'static [u8])> {
        None
    }

    fn write(&self, _out: &mut dyn Write, _nth: usize, piece: &[u8]) -> io::Result<()> {
        let rows: LedgerRows = serde_json::from_slice(piece).map_err(emit::json_io)?;
        self.with_book(|b| b.add(&rows.tasks, &rows.units, &rows.file))
    }

    fn failed(&self, _out: &mut dyn Write, name: &str, error: &str) -> io::Result<()> {
        self.with_book(|b| b.add_failed(name, error))
    }

    fn finish(&self, out: &mut dyn Write, _written: usize) -> io::Result<()> {
        let book = self
            .book
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take();
        match book {
            Some(b) => out.write_all(&b.finish()?),
            None => Ok(()),
        }
    }
}

/// The human outline, a `== path` line before each document.
pub struct Tree;

impl Sink for Tree {
    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let mut b = Vec::new();
        writeln!(b, "== {}", doc.source.path.as_deref().unwrap_or("-"))?;
        b.extend_from_slice(emit::tree::tree(doc).as_bytes());
        Ok(counted(doc, b))
    }
}

/// `--explain`: every line with how it was read, then every clause with its rules.
pub struct Explain;

impl Sink for Explain {
    fn parse(
        &self,
        name: &str,
        bytes: &[u8],
        opts: &Options,
        _note: Option<Warning>,
    ) -> Result<Rendered, Error> {
        let an = crate::analyze(bytes, Some(name), opts)?;
        let mut b = Vec::new();
        let _ = writeln!(b, "== {name}");
        for (no, fate, text) in &an.lines {
            let label = fate.to_string();
            let _ = writeln!(b, "{no:>5} {label:<40} | {text}");
        }
        for c in &an.clauses {
            let _ = writeln!(b, "      {c}");
        }
        Ok(counted(&an.document, b))
    }

    fn render(&self, doc: &Document) -> io::Result<Rendered> {
        let mut b = Vec::new();
        writeln!(b, "== {}", doc.source.path.as_deref().unwrap_or("-"))?;
        Ok(counted(doc, b))
    }
}

/// The sink for a format: `array` decides JSON and YAML's shape (one object or a list),
/// `csv_bom` starts CSV with a BOM.
///
/// ## Errors
/// The workbook could not be started (`xlsx`).
pub fn for_format(format: Format, array: bool, csv_bom: bool) -> io::Result<Box<dyn Sink>> {
    Ok(match format {
        Format::Json => Box::new(Json { array }),
        Format::Yaml => Box::new(Yaml { array }),
        Format::Jsonl => Box::new(Jsonl),
        Format::Csv => Box::new(Csv { bom: csv_bom }),
        Format::UnitsCsv => Box::new(UnitsCsv { bom: csv_bom }),
        Format::Xlsx => Box::new(Xlsx::new()?),
        Format::Tree => Box::new(Tree),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn seeds() -> Vec<Document> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        let mut names: Vec<_> = std::fs::read_dir(dir)
            .expect("seeds")
            .flatten()
            .map(|e| e.path())
            .collect();
        names.sort();
        names
            .iter()
            .map(|p| {
                let b = std::fs::read(p).expect("read");
                crate::parse_bytes(&b, Some(&p.to_string_lossy()), &Options::default())
                    .expect("parse")
            })
            .collect()
    }

    fn streamed(sink: &dyn Sink, docs: &[Document]) -> Vec<u8> {
        let mut out = Vec::new();
        sink.begin(&mut out).expect("begin");
        for (i, d) in docs.iter().enumerate() {
            let r = sink.render(d).expect("render");
            sink.write(&mut out, i, &r.bytes).expect("write");
        }
        sink.finish(&mut out, docs.len()).expect("finish");
        out
    }

    #[test]
    fn streamed_arrays_equal_the_whole_list_serialised_at_once() {
        let docs = seeds();
        for n in [0, 1, 3, docs.len()] {
            let part = docs.get(..n).expect("slice");
            let mut json = Vec::new();
            emit::json_array(part, &mut json).expect("json");
            assert!(
                streamed(&Json { array: true }, part) == json,
                "json, {n} docs"
            );
            let mut yaml = Vec::new();
            emit::yaml_list(part, &mut yaml).expect("yaml");
            assert!(
                streamed(&Yaml { array: true }, part) == yaml,
                "yaml, {n} docs"
            );
        }
    }
}
