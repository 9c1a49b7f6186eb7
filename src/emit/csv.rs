//! CSV: the ledger's tables as text. `--format csv` is one row per task (the contract's
//! columns first, in their order, then title, 文号, open-ended, deadline, raw clause and a
//! status; a document without tasks or an input that failed leaves a status row), and
//! `--format units-csv` one row per unit × role × task.

use super::ledger::{self, TaskRow, UnitRow};
use crate::model::Document;
use std::io::{self, Write};

/// The task table's header (contract columns first).
pub const HEADER: [&str; 15] = ledger::TASK_COLUMNS;

/// A CSV writer over `w`.
pub struct Writer<'w> {
    inner: ::csv::Writer<&'w mut dyn Write>,
}

impl<'w> Writer<'w> {
    /// Start a CSV stream; writes `header` when given (after a UTF-8 BOM when `bom`).
    pub fn new(w: &'w mut dyn Write, header: Option<&[&str]>, bom: bool) -> io::Result<Self> {
        if bom {
            w.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut inner = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(w);
        if let Some(h) = header {
            inner.write_record(h).map_err(io::Error::other)?;
        }
        Ok(Writer { inner })
    }

    fn rows<T: serde::Serialize>(&mut self, rows: &[T]) -> io::Result<()> {
        for r in rows {
            self.inner.serialize(r).map_err(io::Error::other)?;
        }
        self.inner.flush()
    }

    /// Write every task of `doc` (a status row when it has none).
    pub fn document(&mut self, doc: &Document) -> io::Result<()> {
        self.rows::<TaskRow>(&ledger::task_rows(doc))
    }

    /// Write every task of a document whose sections are assembled as they are written
    /// (a status row when it has none): the rows [`Writer::document`] writes.
    pub fn streamed(&mut self, doc: &crate::Streamed<'_>) -> io::Result<()> {
        let key = ledger::RowKey::new(doc.source().path.as_deref(), doc.meta());
        let mut any = false;
        doc.each_task(&mut |s, titles, t| {
            any = true;
            self.inner
                .serialize(key.task_row(s, titles, t))
                .map_err(io::Error::other)
        })?;
        if !any {
            self.inner
                .serialize(key.no_tasks_row())
                .map_err(io::Error::other)?;
        }
        self.inner.flush()
    }

    /// Write the status row of an input that failed.
    pub fn failed(&mut self, file: &str, error: &str) -> io::Result<()> {
        self.rows(&[ledger::failed_task_row(file, error)])
    }

    /// Write every unit × role × task of `doc`.
    pub fn units(&mut self, doc: &Document) -> io::Result<()> {
        self.rows::<UnitRow>(&ledger::unit_rows(doc))
    }
}
