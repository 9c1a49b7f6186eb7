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
    /// HTML `<del>deleted</del><ins>inserted</ins>`, text escaped.
    Html,
}

/// How an enum value is spelled in the JSON output (`modified`, `similar_title`).
pub(super) fn wire_name<T: serde::Serialize>(v: T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// Text escaped for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Character-level (grapheme) diff of two texts, marked.
pub fn inline(old: &str, new: &str, marks: Marks) -> String {
    let d = TextDiff::from_graphemes(old, new);
    let mut out = String::new();
    for op in d.ops() {
        for ch in d.iter_changes(op) {
            let v = ch.value();
            match (ch.tag(), marks) {
                (ChangeTag::Equal, Marks::Brackets | Marks::Color | Marks::Markdown) => {
                    out.push_str(v);
                }
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
                (ChangeTag::Equal, Marks::Html) => out.push_str(&escape_html(v)),
                (ChangeTag::Delete, Marks::Html) => {
                    out.push_str(&format!("<del>{}</del>", escape_html(v)));
                }
                (ChangeTag::Insert, Marks::Html) => {
                    out.push_str(&format!("<ins>{}</ins>", escape_html(v)));
                }
            }
        }
    }
    // merge adjacent marks: [-a-][-b-] → [-ab-]
    out.replace("-][-", "")
        .replace("+}{+", "")
        .replace("~~~~", "")
        .replace("****", "")
        .replace("</del><del>", "")
        .replace("</ins><ins>", "")
}

/// The language of a report meant for people (Markdown, HTML).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Lang {
    /// Chinese labels (the memo is read in Chinese).
    #[default]
    Zh,
    /// English labels.
    En,
}

/// The words of a report in one language.
pub struct Labels {
    /// Report heading.
    pub heading: &'static str,
    /// Kinds, in the order unchanged, modified, moved, added, removed.
    pub kinds: [&'static str; 5],
    /// "Renamed units".
    pub renamed_units: &'static str,
    /// "Sections".
    pub sections: &'static str,
    /// Section change kinds: added, removed, renamed.
    pub section_kinds: [&'static str; 3],
    /// "owners".
    pub owners: &'static str,
    /// "task(s)".
    pub tasks: &'static str,
    /// "from".
    pub from: &'static str,
    /// "units added", "units removed", "renamed".
    pub notes: [&'static str; 3],
    /// "(a rename, not a change of hands)".
    pub rename_note: &'static str,
    /// "old", "new".
    pub sides: [&'static str; 2],
    /// "No differences".
    pub none: &'static str,
    /// The colon after a label (full-width in Chinese).
    pub colon: &'static str,
}

const ZH: Labels = Labels {
    heading: "变化对比",
    kinds: ["未变", "修改", "移动", "新增", "删除"],
    renamed_units: "单位更名",
    sections: "章节变化",
    section_kinds: ["新增章节", "删除章节", "章节更名"],
    owners: "责任单位",
    tasks: "项任务",
    from: "原属",
    notes: ["新增单位", "删除单位", "更名"],
    rename_note: "（机构更名，非责任调整）",
    sides: ["旧", "新"],
    none: "两份文件的任务没有变化。",
    colon: "：",
};

const EN: Labels = Labels {
    heading: "Changes",
    kinds: ["unchanged", "modified", "moved", "added", "removed"],
    renamed_units: "Renamed units",
    sections: "Sections",
    section_kinds: ["section added", "section removed", "section renamed"],
    owners: "owners",
    tasks: "task(s)",
    from: "from",
    notes: ["units added", "units removed", "renamed"],
    rename_note: "(a rename, not a change of hands)",
    sides: ["old", "new"],
    none: "No task differs between the two plans.",
    colon: ": ",
};

impl Lang {
    /// The labels of this language.
    #[must_use]
    pub fn labels(self) -> &'static Labels {
        match self {
            Lang::Zh => &ZH,
            Lang::En => &EN,
        }
    }
}

pub(super) fn kind_label(k: Kind, l: &Labels) -> &'static str {
    let i = match k {
        Kind::Unchanged => 0,
        Kind::Modified => 1,
        Kind::Moved => 2,
        Kind::Added => 3,
        Kind::Removed => 4,
    };
    l.kinds.get(i).copied().unwrap_or("")
}

pub(super) fn section_kind_label(kind: &str, l: &Labels) -> &'static str {
    let i = match kind {
        "added" => 0,
        "removed" => 1,
        _ => 2,
    };
    l.section_kinds.get(i).copied().unwrap_or("")
}

pub(super) fn owners(r: &Option<Responsibility>) -> String {
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
    notes_in(c, Lang::En.labels())
}

pub(super) fn notes_in(c: &Change, l: &Labels) -> Vec<String> {
    let [added, removed, renamed] = l.notes;
    let mut v = Vec::new();
    if !c.units_added.is_empty() {
        v.push(format!("{added}{}{}", l.colon, c.units_added.join("、")));
    }
    if !c.units_removed.is_empty() {
        v.push(format!(
            "{removed}{}{}",
            l.colon,
            c.units_removed.join("、")
        ));
    }
    for r in &c.role_changes {
        v.push(format!("{}{}{} → {}", r.unit, l.colon, r.old, r.new));
    }
    for r in &c.renamed {
        v.push(format!("{renamed} {} → {}", r.old, r.new));
    }
    v
}

pub(super) fn section_of(c: &Change) -> &str {
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

/// The report as Markdown, in `lang`.
pub fn markdown(r: &Report, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let l = lang.labels();
    let t = |s: &super::Side| {
        s.title
            .clone()
            .unwrap_or_else(|| s.path.clone().unwrap_or_default())
    };
    writeln!(
        w,
        "# {}{}{} → {}\n",
        l.heading,
        l.colon,
        t(&r.old),
        t(&r.new)
    )?;
    let s = &r.summary;
    writeln!(w, "| {} |\n|---|---|---|---|---|", l.kinds.join(" | "))?;
    writeln!(
        w,
        "| {} | {} | {} | {} | {} |\n",
        s.unchanged, s.modified, s.moved, s.added, s.removed
    )?;
    if !r.renames.is_empty() {
        writeln!(w, "## {}\n", l.renamed_units)?;
        for (x, n) in &r.renames {
            writeln!(
                w,
                "- {} → {}（{n} {}）{}",
                x.old, x.new, l.tasks, l.rename_note
            )?;
        }
        writeln!(w)?;
    }
    if !r.sections.is_empty() {
        writeln!(w, "## {}\n", l.sections)?;
        for sc in &r.sections {
            let show = |x: &Option<(String, String)>| {
                x.as_ref()
                    .map(|(i, t)| format!("{i} {t}"))
                    .unwrap_or_default()
            };
            let arrow = if sc.old.is_some() && sc.new.is_some() {
                " → "
            } else {
                ""
            };
            writeln!(
                w,
                "- {}{}{}{arrow}{}",
                section_kind_label(&sc.kind, l),
                l.colon,
                show(&sc.old),
                show(&sc.new)
            )?;
        }
        writeln!(w)?;
    }
    let (mut last, mut first) = ("", true);
    for c in r.changes.iter().filter(|c| c.kind != Kind::Unchanged) {
        let sec = section_of(c);
        if sec != last || first {
            if !first {
                writeln!(w)?;
            }
            writeln!(w, "## {sec}\n")?;
            (last, first) = (sec, false);
        }
        let (o, n) = (c.old.as_ref(), c.new.as_ref());
        let what = kind_label(c.kind, l);
        match c.kind {
            Kind::Added | Kind::Removed => {
                let (t, text) = if c.kind == Kind::Added {
                    (n, n.map_or(String::new(), |t| t.text.clone()))
                } else {
                    (o, o.map_or(String::new(), |t| format!("~~{}~~", t.text)))
                };
                writeln!(
                    w,
                    "- **{what}** `{}`: {text}",
                    t.map_or("", |t| t.id.as_str())
                )?;
                if let Some(own) = t
                    .map(|t| owners(&t.responsibility))
                    .filter(|o| !o.is_empty())
                {
                    writeln!(w, "  - {}{}{own}", l.owners, l.colon)?;
                }
            }
            _ => {
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
                if c.kind == Kind::Moved {
                    let from = o.map_or("", |t| t.section_titles.as_str());
                    writeln!(w, "  - {}{}{from}", l.from, l.colon)?;
                }
                let notes = notes_in(c, l);
                if !notes.is_empty() {
                    writeln!(w, "  - {}{}{}", l.owners, l.colon, notes.join("; "))?;
                }
            }
        }
    }
    Ok(())
}

const CSV_COLUMNS: [&str; 12] = [
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
];

fn csv_record(ch: &Change) -> Vec<String> {
    let (o, n) = (ch.old.as_ref(), ch.new.as_ref());
    let kind = wire_name(ch.kind);
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
    let field = |t: Option<&super::TaskView>, f: fn(&super::TaskView) -> &String| {
        t.map(f).cloned().unwrap_or_default()
    };
    vec![
        kind,
        ch.similarity.map(|s| format!("{s:.3}")).unwrap_or_default(),
        field(o, |t| &t.id),
        field(n, |t| &t.id),
        field(o, |t| &t.section_titles),
        field(n, |t| &t.section_titles),
        field(o, |t| &t.text),
        field(n, |t| &t.text),
        ch.units_added.join("、"),
        ch.units_removed.join("、"),
        role,
        ren,
    ]
}

/// One row per pair (or unpaired task).
pub fn csv(r: &Report, w: &mut dyn Write) -> io::Result<()> {
    let mut c = ::csv::Writer::from_writer(w);
    c.write_record(CSV_COLUMNS).map_err(io::Error::other)?;
    for ch in &r.changes {
        c.write_record(csv_record(ch)).map_err(io::Error::other)?;
    }
    c.flush()
}

/// A folder report as CSV: every pair's changes, each row led by the two files and how
/// they were paired; a document on one side only is a row of kind `only_old`/`only_new`.
pub fn folder_csv(r: &super::folder::FolderReport, w: &mut dyn Write) -> io::Result<()> {
    let mut c = ::csv::Writer::from_writer(w);
    let mut header = vec!["old_file", "new_file", "paired_by"];
    header.extend(CSV_COLUMNS);
    c.write_record(&header).map_err(io::Error::other)?;
    for p in &r.pairs {
        let by = wire_name(p.paired_by);
        let files = [
            p.report.old.path.clone().unwrap_or_default(),
            p.report.new.path.clone().unwrap_or_default(),
            by,
        ];
        for ch in &p.report.changes {
            let row: Vec<String> = files.iter().cloned().chain(csv_record(ch)).collect();
            c.write_record(&row).map_err(io::Error::other)?;
        }
    }
    for (kind, entries, old_side) in [
        ("only_old", &r.only_old, true),
        ("only_new", &r.only_new, false),
    ] {
        for e in entries {
            let mut row = vec![String::new(); header.len()];
            let slot = usize::from(!old_side);
            if let Some(cell) = row.get_mut(slot) {
                cell.clone_from(&e.path);
            }
            if let Some(cell) = row.get_mut(3) {
                *cell = kind.to_string();
            }
            c.write_record(&row).map_err(io::Error::other)?;
        }
    }
    c.flush()
}

/// Labels of the folder report: title, pairs, only in OLD, only in NEW, paired by.
pub(super) fn folder_labels(lang: Lang) -> [&'static str; 5] {
    match lang {
        Lang::Zh => [
            "文件夹对比",
            "配对文件",
            "仅旧文件夹有",
            "仅新文件夹有",
            "配对方式",
        ],
        Lang::En => [
            "Folder comparison",
            "Pairs",
            "Only in OLD",
            "Only in NEW",
            "paired by",
        ],
    }
}

/// A folder report as Markdown: a table of pairs with their counts, the documents on one
/// side only, then each pair's report (headings one level down).
pub fn folder_markdown(
    r: &super::folder::FolderReport,
    w: &mut dyn Write,
    lang: Lang,
) -> io::Result<()> {
    let l = lang.labels();
    let [title, pairs, only_old, only_new, by] = folder_labels(lang);
    writeln!(w, "# {title}\n\n## {pairs}\n")?;
    writeln!(
        w,
        "| {} | {} | {by} | {} |\n|---|---|---|---|---|---|---|---|",
        l.sides[0],
        l.sides[1],
        l.kinds.join(" | ")
    )?;
    for p in &r.pairs {
        let s = &p.report.summary;
        let name = |x: &super::Side| {
            x.title
                .clone()
                .or_else(|| x.path.clone())
                .unwrap_or_default()
        };
        let how = wire_name(p.paired_by);
        writeln!(
            w,
            "| {} | {} | {how} | {} | {} | {} | {} | {} |",
            name(&p.report.old),
            name(&p.report.new),
            s.unchanged,
            s.modified,
            s.moved,
            s.added,
            s.removed
        )?;
    }
    for (label, entries) in [(only_old, &r.only_old), (only_new, &r.only_new)] {
        if entries.is_empty() {
            continue;
        }
        writeln!(w, "\n## {label}\n")?;
        for e in entries {
            writeln!(w, "- {} `{}`", e.title.as_deref().unwrap_or(""), e.path)?;
        }
    }
    for p in &r.pairs {
        let mut one = Vec::new();
        markdown(&p.report, &mut one, lang)?;
        writeln!(w)?;
        for line in String::from_utf8_lossy(&one).lines() {
            if line.starts_with('#') {
                writeln!(w, "#{line}")?;
            } else {
                writeln!(w, "{line}")?;
            }
        }
    }
    Ok(())
}

/// A folder report for a terminal: the pairs with their counts, the documents on one
/// side only, then each pair's report.
pub fn folder_text(
    r: &super::folder::FolderReport,
    w: &mut dyn Write,
    color: bool,
) -> io::Result<()> {
    for p in &r.pairs {
        writeln!(
            w,
            "pair: {} → {}: {}",
            p.report.old.path.as_deref().unwrap_or("-"),
            p.report.new.path.as_deref().unwrap_or("-"),
            summary_line(&p.report)
        )?;
    }
    for e in &r.only_old {
        writeln!(
            w,
            "only in old: {} ({})",
            e.path,
            e.title.as_deref().unwrap_or("untitled")
        )?;
    }
    for e in &r.only_new {
        writeln!(
            w,
            "only in new: {} ({})",
            e.path,
            e.title.as_deref().unwrap_or("untitled")
        )?;
    }
    for p in &r.pairs {
        writeln!(w)?;
        text(&p.report, w, color)?;
    }
    Ok(())
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
