//! CSV: one row per task, a flat view borrowed from the tree.

use crate::model::{Document, Section};
use serde::Serialize;
use std::io::{self, Write};

/// The header, in contract order.
pub const HEADER: [&str; 9] = [
    "file",
    "task_id",
    "section_path",
    "section_titles",
    "text",
    "lead",
    "responsible",
    "support",
    "line",
];

#[derive(Serialize)]
struct Row<'a> {
    file: &'a str,
    task_id: &'a str,
    section_path: &'a str,
    section_titles: String,
    text: &'a str,
    lead: String,
    responsible: String,
    support: String,
    line: u32,
}

/// A CSV writer over `w`.
pub struct Writer<'w> {
    inner: ::csv::Writer<&'w mut dyn Write>,
}

impl<'w> Writer<'w> {
    /// Start a CSV stream; writes the header when `header` (after a UTF-8 BOM when `bom`).
    pub fn new(w: &'w mut dyn Write, header: bool, bom: bool) -> io::Result<Self> {
        if bom {
            w.write_all("\u{FEFF}".as_bytes())?;
        }
        let mut inner = ::csv::WriterBuilder::new()
            .has_headers(false)
            .from_writer(w);
        if header {
            inner.write_record(HEADER).map_err(io::Error::other)?;
        }
        Ok(Writer { inner })
    }

    /// Write every task of `doc`.
    pub fn document(&mut self, doc: &Document) -> io::Result<()> {
        let file = doc.source.path.as_deref().unwrap_or("-");
        let mut titles: Vec<&str> = Vec::new();
        for s in &doc.sections {
            self.section(file, s, &mut titles)?;
        }
        self.inner.flush()
    }

    fn section<'a>(
        &mut self,
        file: &str,
        s: &'a Section,
        titles: &mut Vec<&'a str>,
    ) -> io::Result<()> {
        titles.push(&s.title);
        for t in &s.tasks {
            let r = t.responsibility.as_ref();
            let join = |f: fn(&crate::model::Responsibility) -> &Vec<String>| {
                r.map(|r| f(r).join("、")).unwrap_or_default()
            };
            self.inner
                .serialize(Row {
                    file,
                    task_id: &t.id,
                    section_path: &s.id,
                    section_titles: titles.join(" > "),
                    text: &t.text,
                    lead: join(|r| &r.lead),
                    responsible: join(|r| &r.responsible),
                    support: join(|r| &r.support),
                    line: t.line,
                })
                .map_err(io::Error::other)?;
        }
        for c in &s.children {
            self.section(file, c, titles)?;
        }
        titles.pop();
        Ok(())
    }
}
