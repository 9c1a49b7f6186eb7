//! Renderings of a diff report: text for a person (colour or `[-…-]{+…+}` marks),
//! Markdown for a memo, CSV for a spreadsheet, JSON per the contract.

use super::{Change, Kind, Report};
use crate::model::Responsibility;
use similar::{ChangeTag, TextDiff};
use std::io::{self, Write};

/// How changed characters are marked in text output.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Marks {
    /// `[-deleted-]{+inserted+}`.
    Brackets,
    /// ANSI red/green.
    Color,
    /// Markdown `~~deleted~~**inserted**`.
    Markdown,
}

/// Character-level (grapheme) diff of two texts, marked.
pub fn inline(old: &str, new: &str, marks: Marks) -> String {
    let d = TextDiff::from_graphemes(old, new);
    let mut out = String::new();
    for op in d.ops() {
        for ch in d.iter_changes(op) {
            let v = ch.value();
            match (ch.tag(), marks) {
                (ChangeTag::Equal, _) => out.push_str(v),
                (ChangeTag::Delete, Marks::Brackets) => {
                    out.push_str("[-");
                    out.push_str(v);
                    out.push_str("-]");
                }
                (ChangeTag::Insert, Marks::Brackets) => {
                    out.push_str("{+");
                    out.push_str(v);
                    out.push_str("+}");
                }
                (ChangeTag::Delete, Marks::Color) => out.push_str(&format!("\x1b[31;9m{v}\x1b[0m")),
                (ChangeTag::Insert, Marks::Color) => out.push_str(&format!("\x1b[32;4m{v}\x1b[0m")),
                (ChangeTag::Delete, Marks::Markdown) => out.push_str(&format!("~~{v}~~")),
                (ChangeTag::Insert, Marks::Markdown) => out.push_str(&format!("**{v}**")),
            }
        }
    }
    // merge adjacent marks: [-a-][-b-] → [-ab-]
    out.replace("-][-", "")
        .replace("+}{+", "")
        .replace("~~~~", "")
        .replace("****", "")
}

fn owners(r: &Option<Responsibility>) -> String {
    let Some(r) = r else { return String::new() };
    let mut p = Vec::new();
    if !r.lead.is_empty() {
        p.push(format!("牵头 {}", r.lead.join("、")));
    }
    if !r.responsible.is_empty() {
        p.push(format!("负责 {}", r.responsible.join("、")));
    }
    if !r.support.is_empty() {
        p.push(format!("配合 {}", r.support.join("、")));
    }
    p.join("；")
}

fn owner_notes(c: &Change) -> Vec<String> {
    let mut v = Vec::new();
    if !c.units_added.is_empty() {
        v.push(format!("units added: {}", c.units_added.join("、")));
    }
    if !c.units_removed.is_empty() {
        v.push(format!("units removed: {}", c.units_removed.join("、")));
    }
    for r in &c.role_changes {
        v.push(format!("{}: {} → {}", r.unit, r.old, r.new));
    }
    for r in &c.renamed {
        v.push(format!("renamed {} → {}", r.old, r.new));
    }
    v
}

fn section_of(c: &Change) -> &str {
    c.new
        .as_ref()
        .or(c.old.as_ref())
        .map_or("", |t| t.section_titles.as_str())
}

fn summary_line(r: &Report) -> String {
    let s = &r.summary;
    format!(
        "{} unchanged, {} modified, {} moved, {} added, {} removed",
        s.unchanged, s.modified, s.moved, s.added, s.removed
    )
}

/// The report for a person.
pub fn text(r: &Report, w: &mut dyn Write, color: bool) -> io::Result<()> {
    let marks = if color { Marks::Color } else { Marks::Brackets };
    let side = |s: &super::Side| {
        format!(
            "{} ({})",
            s.path.as_deref().unwrap_or("-"),
            s.title.as_deref().unwrap_or("untitled")
        )
    };
    writeln!(w, "old: {}", side(&r.old))?;
    writeln!(w, "new: {}", side(&r.new))?;
    writeln!(w, "{}", summary_line(r))?;
    for (x, n) in &r.renames {
        writeln!(
            w,
            "renamed unit: {} → {} ({n} task(s); a rename, not a change of hands)",
            x.old, x.new
        )?;
    }
    for s in &r.sections {
        let show = |x: &Option<(String, String)>| {
            x.as_ref()
                .map(|(i, t)| format!("{i} {t}"))
                .unwrap_or_default()
        };
        match s.kind.as_str() {
            "added" => writeln!(w, "section added: {}", show(&s.new))?,
            "removed" => writeln!(w, "section removed: {}", show(&s.old))?,
            _ => writeln!(w, "section renamed: {} → {}", show(&s.old), show(&s.new))?,
        }
    }
    let mut last = "";
    for c in r.changes.iter().filter(|c| c.kind != Kind::Unchanged) {
        let sec = section_of(c);
        if sec != last {
            writeln!(w, "\n== {sec}")?;
            last = sec;
        }
        let id = |t: &Option<super::TaskView>| t.as_ref().map_or("", |t| t.id.as_str()).to_string();
        match c.kind {
            Kind::Added => {
                let t = c.new.as_ref();
                writeln!(
                    w,
                    "+ added {}: {}",
                    id(&c.new),
                    t.map_or("", |t| t.text.as_str())
                )?;
                if let Some(o) = t
                    .map(|t| owners(&t.responsibility))
                    .filter(|o| !o.is_empty())
                {
                    writeln!(w, "    ({o})")?;
                }
            }
            Kind::Removed => {
                let t = c.old.as_ref();
                writeln!(
                    w,
                    "- removed {}: {}",
                    id(&c.old),
                    t.map_or("", |t| t.text.as_str())
                )?;
            }
            Kind::Moved | Kind::Modified => {
                let (o, n) = (c.old.as_ref(), c.new.as_ref());
                let (ot, nt) = (
                    o.map_or("", |t| t.text.as_str()),
                    n.map_or("", |t| t.text.as_str()),
                );
                let what = if c.kind == Kind::Moved {
                    "> moved"
                } else {
                    "~ modified"
                };
                let sim = c
                    .similarity
                    .map(|s| format!(" ({s:.2})"))
                    .unwrap_or_default();
                writeln!(
                    w,
                    "{what} {} → {}{sim}: {}",
                    id(&c.old),
                    id(&c.new),
                    inline(ot, nt, marks)
                )?;
                if c.kind == Kind::Moved {
                    writeln!(
                        w,
                        "    from: {}",
                        o.map_or("", |t| t.section_titles.as_str())
                    )?;
                }
                let notes = owner_notes(c);
                if !notes.is_empty() {
                    writeln!(w, "    owners: {}", notes.join("; "))?;
                }
            }
            Kind::Unchanged => {}
        }
    }
    for x in &r.warnings {
        writeln!(w, "warning: {x}")?;
    }
    Ok(())
}

/// The report as Markdown.
pub fn markdown(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let t = |s: &super::Side| {
        s.title
            .clone()
            .unwrap_or_else(|| s.path.clone().unwrap_or_default())
    };
    writeln!(w, "# 变化对比：{} → {}\n", t(&r.old), t(&r.new))?;
    let s = &r.summary;
    writeln!(
        w,
        "| unchanged | modified | moved | added | removed |\n|---|---|---|---|---|"
    )?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} |\n",
        s.unchanged, s.modified, s.moved, s.added, s.removed
    )?;
    if !r.renames.is_empty() {
        writeln!(w, "## Renamed units\n")?;
        for (x, n) in &r.renames {
            writeln!(w, "- {} → {} ({n} task(s))", x.old, x.new)?;
        }
        writeln!(w)?;
    }
    if !r.sections.is_empty() {
        writeln!(w, "## Sections\n")?;
        for sc in &r.sections {
            let show = |x: &Option<(String, String)>| {
                x.as_ref()
                    .map(|(i, t)| format!("{i} {t}"))
                    .unwrap_or_default()
            };
            writeln!(w, "- {}: {} {}", sc.kind, show(&sc.old), show(&sc.new))?;
        }
        writeln!(w)?;
    }
    let mut last = "";
    for c in r.changes.iter().filter(|c| c.kind != Kind::Unchanged) {
        let sec = section_of(c);
        if sec != last {
            writeln!(w, "## {sec}\n")?;
            last = sec;
        }
        let (o, n) = (c.old.as_ref(), c.new.as_ref());
        match c.kind {
            Kind::Added => writeln!(
                w,
                "- **added** `{}`: {}",
                n.map_or("", |t| t.id.as_str()),
                n.map_or("", |t| t.text.as_str())
            )?,
            Kind::Removed => writeln!(
                w,
                "- **removed** `{}`: ~~{}~~",
                o.map_or("", |t| t.id.as_str()),
                o.map_or("", |t| t.text.as_str())
            )?,
            _ => {
                let what = if c.kind == Kind::Moved {
                    "moved"
                } else {
                    "modified"
                };
                writeln!(
                    w,
                    "- **{what}** `{}` → `{}`: {}",
                    o.map_or("", |t| t.id.as_str()),
                    n.map_or("", |t| t.id.as_str()),
                    inline(
                        o.map_or("", |t| t.text.as_str()),
                        n.map_or("", |t| t.text.as_str()),
                        Marks::Markdown
                    )
                )?;
                let notes = owner_notes(c);
                if !notes.is_empty() {
                    writeln!(w, "  - owners: {}", notes.join("; "))?;
                }
            }
        }
    }
    Ok(())
}

/// One row per pair (or unpaired task).
pub fn csv(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut c = ::csv::Writer::from_writer(w);
    c.write_record([
        "kind",
        "similarity",
        "old_id",
        "new_id",
        "old_section",
        "new_section",
        "old_text",
        "new_text",
        "units_added",
        "units_removed",
        "role_changes",
        "renamed",
    ])
    .map_err(io::Error::other)?;
    for ch in &r.changes {
        let (o, n) = (ch.old.as_ref(), ch.new.as_ref());
        let kind = serde_json::to_value(ch.kind)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        let role = ch
            .role_changes
            .iter()
            .map(|x| format!("{}:{}→{}", x.unit, x.old, x.new))
            .collect::<Vec<_>>()
            .join("；");
        let ren = ch
            .renamed
            .iter()
            .map(|x| format!("{}→{}", x.old, x.new))
            .collect::<Vec<_>>()
            .join("；");
        c.write_record([
            kind.as_str(),
            &ch.similarity.map(|s| format!("{s:.3}")).unwrap_or_default(),
            o.map_or("", |t| t.id.as_str()),
            n.map_or("", |t| t.id.as_str()),
            o.map_or("", |t| t.section_titles.as_str()),
            n.map_or("", |t| t.section_titles.as_str()),
            o.map_or("", |t| t.text.as_str()),
            n.map_or("", |t| t.text.as_str()),
            &ch.units_added.join("、"),
            &ch.units_removed.join("、"),
            &role,
            &ren,
        ])
        .map_err(io::Error::other)?;
    }
    c.flush()
}

/// The report as JSON.
pub fn json(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *w, r).map_err(crate::emit::json_io)?;
    w.write_all(b"\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_marks_changed_characters() {
        assert_eq!(
            inline("加强知识产权保护", "加强商标保护", Marks::Brackets),
            "加强[-知识产权-]{+商标+}保护"
        );
        assert_eq!(
            inline("开展行动", "开展专项行动", Marks::Markdown),
            "开展**专项**行动"
        );
    }
}
