//! The Excel ledger (`--format xlsx`, written by `rust_xlsxwriter`): a workbook with a
//! `任务` sheet (one row per task), a `单位` sheet (one row per unit × role × task: the
//! who-does-what view, filterable by unit) and a `文件` sheet (one row per input, failed
//! ones included). Each sheet has a frozen, bold header, an autofilter, set column widths
//! and wrapped long text.

use super::ledger::{self, FileRow, TaskRow, UnitRow};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use std::io;

fn xlsx_io(e: XlsxError) -> io::Error {
    io::Error::other(e.to_string())
}

/// A cell value.
enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Flag(bool),
}

/// One sheet being filled.
struct Sheet {
    sheet: Worksheet,
    next_row: u32,
    columns: u16,
}

impl Sheet {
    fn new(
        name: &str,
        headers: &[&str],
        widths: &[f64],
        bold: &Format,
    ) -> Result<Sheet, XlsxError> {
        let mut sheet = Worksheet::new();
        sheet.set_name(name)?;
        for (c, h) in headers.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            sheet.write_string_with_format(0, c, *h, bold)?;
            if let Some(w) = widths.get(usize::from(c)) {
                sheet.set_column_width(c, *w)?;
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        Ok(Sheet {
            sheet,
            next_row: 1,
            columns: u16::try_from(headers.len()).unwrap_or(u16::MAX),
        })
    }

    fn row(&mut self, cells: &[Cell<'_>], wrap: &Format) -> Result<(), XlsxError> {
        let r = self.next_row;
        for (c, cell) in cells.iter().enumerate() {
            let c = u16::try_from(c).unwrap_or(u16::MAX);
            match cell {
                Cell::Text("") => {}
                Cell::Text(t) if t.chars().count() > 30 => {
                    self.sheet.write_string_with_format(r, c, *t, wrap)?;
                }
                Cell::Text(t) => {
                    self.sheet.write_string(r, c, *t)?;
                }
                Cell::Number(n) => {
                    self.sheet.write_number(r, c, *n)?;
                }
                Cell::Flag(b) => {
                    self.sheet.write_boolean(r, c, *b)?;
                }
            }
        }
        self.next_row += 1;
        Ok(())
    }

    fn finish(mut self) -> Result<Worksheet, XlsxError> {
        let last = self.next_row.saturating_sub(1).max(1);
        self.sheet
            .autofilter(0, 0, last, self.columns.saturating_sub(1))?;
        Ok(self.sheet)
    }
}

#[allow(clippy::cast_precision_loss)] // counts and line numbers are far below 2^52
fn count(n: usize) -> Cell<'static> {
    Cell::Number(n as f64)
}

/// The workbook being built, document by document.
pub struct Book {
    tasks: Sheet,
    units: Sheet,
    files: Sheet,
    wrap: Format,
}

impl Book {
    /// An empty workbook with its three headers.
    ///
    /// ## Errors
    /// The writer refused a sheet (it does not with these names).
    pub fn new() -> io::Result<Book> {
        let bold = Format::new().set_bold();
        let tasks = Sheet::new(
            "任务",
            &ledger::TASK_HEADERS_ZH,
            &[
                24.0, 10.0, 9.0, 30.0, 60.0, 22.0, 22.0, 30.0, 6.0, 30.0, 18.0, 8.0, 14.0, 30.0,
                10.0,
            ],
            &bold,
        )
        .map_err(xlsx_io)?;
        let units = Sheet::new(
            "单位",
            &ledger::UNIT_HEADERS_ZH,
            &[24.0, 30.0, 22.0, 10.0, 24.0, 10.0, 30.0, 60.0],
            &bold,
        )
        .map_err(xlsx_io)?;
        let files = Sheet::new(
            "文件",
            &ledger::FILE_HEADERS_ZH,
            &[30.0, 40.0, 18.0, 30.0, 11.0, 8.0, 8.0, 10.0, 8.0, 8.0, 40.0],
            &bold,
        )
        .map_err(xlsx_io)?;
        Ok(Book {
            tasks,
            units,
            files,
            wrap: Format::new().set_text_wrap(),
        })
    }

    /// Add one document's rows.
    ///
    /// ## Errors
    /// The writer refused a cell (a sheet past Excel's row limit).
    pub fn add(&mut self, tasks: &[TaskRow], units: &[UnitRow], file: &FileRow) -> io::Result<()> {
        for t in tasks {
            self.task(t).map_err(xlsx_io)?;
        }
        for u in units {
            let cells = [
                Cell::Text(&u.file),
                Cell::Text(&u.title),
                Cell::Text(&u.unit),
                Cell::Text(role_zh(&u.role)),
                Cell::Text(&u.as_written),
                Cell::Text(&u.task_id),
                Cell::Text(&u.section_titles),
                Cell::Text(&u.text),
            ];
            self.units.row(&cells, &self.wrap).map_err(xlsx_io)?;
        }
        self.file(file).map_err(xlsx_io)
    }

    /// Add the rows of an input that failed (a status row in 任务, a row in 文件).
    ///
    /// ## Errors
    /// As [`Book::add`].
    pub fn add_failed(&mut self, file: &str, error: &str) -> io::Result<()> {
        self.task(&ledger::failed_task_row(file, error))
            .map_err(xlsx_io)?;
        let row = FileRow {
            file: file.to_string(),
            error: error.to_string(),
            ..FileRow::default()
        };
        self.file(&row).map_err(xlsx_io)
    }

    fn task(&mut self, t: &TaskRow) -> Result<(), XlsxError> {
        let cells = [
            Cell::Text(&t.file),
            Cell::Text(&t.task_id),
            Cell::Text(&t.section_path),
            Cell::Text(&t.section_titles),
            Cell::Text(&t.text),
            Cell::Text(&t.lead),
            Cell::Text(&t.responsible),
            Cell::Text(&t.support),
            if t.line > 0 {
                Cell::Number(f64::from(t.line))
            } else {
                Cell::Text("")
            },
            Cell::Text(&t.title),
            Cell::Text(&t.doc_number),
            Cell::Flag(t.open_ended),
            Cell::Text(&t.deadline),
            Cell::Text(&t.raw_clause),
            Cell::Text(&t.status),
        ];
        self.tasks.row(&cells, &self.wrap)
    }

    fn file(&mut self, f: &FileRow) -> Result<(), XlsxError> {
        let cells = [
            Cell::Text(&f.file),
            Cell::Text(&f.title),
            Cell::Text(&f.doc_number),
            Cell::Text(&f.issuer),
            Cell::Text(&f.date),
            count(f.sections),
            count(f.tasks),
            count(f.tasks_with_clause),
            count(f.units),
            count(f.warnings),
            Cell::Text(&f.error),
        ];
        self.files.row(&cells, &self.wrap)
    }

    /// The finished workbook's bytes.
    ///
    /// ## Errors
    /// The writer failed to assemble the file.
    pub fn finish(self) -> io::Result<Vec<u8>> {
        let mut book = Workbook::new();
        for sheet in [self.tasks, self.units, self.files] {
            book.push_worksheet(sheet.finish().map_err(xlsx_io)?);
        }
        book.save_to_buffer().map_err(xlsx_io)
    }
}

fn role_zh(role: &str) -> &'static str {
    match role {
        "lead" => "牵头",
        "responsible" => "负责",
        _ => "配合",
    }
}
