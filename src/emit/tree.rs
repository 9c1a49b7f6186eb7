//! The human outline dump: what `--format tree` prints and what snapshots record.

use crate::model::{Document, Responsibility, Section};
use std::fmt::Write as _;

fn short(s: &str, n: usize) -> String {
    let one_line: String = s.chars().map(|c| if c == '\n' { '⏎' } else { c }).collect();
    let mut out: String = one_line.chars().take(n).collect();
    if one_line.chars().count() > n {
        out.push('…');
    }
    out
}

fn duty(r: &Responsibility) -> String {
    let mut parts = Vec::new();
    if !r.lead.is_empty() {
        parts.push(format!("lead={}", r.lead.join("、")));
    }
    if !r.responsible.is_empty() {
        parts.push(format!("resp={}", r.responsible.join("、")));
    }
    if !r.support.is_empty() {
        parts.push(format!("support={}", r.support.join("、")));
    }
    if r.open_ended {
        parts.push("等".into());
    }
    parts.join(" ")
}

fn section(out: &mut String, s: &Section) {
    let pad = "  ".repeat(s.level.saturating_sub(1) as usize);
    let _ = writeln!(
        out,
        "{pad}{} {} [{} L{}] {}",
        s.id,
        s.marker,
        s.style,
        s.line,
        short(&s.title, 40)
    );
    for t in &s.tasks {
        let d = t
            .responsibility
            .as_ref()
            .map(duty)
            .unwrap_or_else(|| "—".into());
        let _ = writeln!(
            out,
            "{pad}  - {} L{} {} | {}",
            t.id,
            t.line,
            short(&t.text, 24),
            d
        );
    }
    for c in &s.children {
        section(out, c);
    }
}

/// Render a document as an indented outline.
pub fn tree(doc: &Document) -> String {
    let mut out = String::new();
    let m = &doc.meta;
    let _ = writeln!(out, "title: {}", m.title.as_deref().unwrap_or("—"));
    if let Some(c) = &m.cover_title {
        let _ = writeln!(out, "cover: {c}");
    }
    let _ = writeln!(
        out,
        "doc_number: {} | issuer: {} | date: {}",
        m.doc_number.as_deref().unwrap_or("—"),
        m.issuer.as_deref().unwrap_or("—"),
        m.date.as_deref().unwrap_or("—")
    );
    if !doc.preamble.is_empty() {
        let _ = writeln!(out, "preamble: {}", short(&doc.preamble, 40));
    }
    for s in &doc.sections {
        section(&mut out, s);
    }
    for w in &doc.warnings {
        let code = serde_json::to_value(w.code)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "warning L{}: {code}: {}",
            w.line.unwrap_or(0),
            short(&w.message, 60)
        );
    }
    out
}
