//! The diff as one self-contained HTML page for people: no script, no network, styles
//! inline. Summary counts first, then renamed units, section changes, and the changed
//! tasks grouped by section, with changed characters highlighted (`<del>`/`<ins>`) and the
//! owners of added and removed tasks shown.

use super::render::{
    escape_html as esc, inline, kind_label, notes_in, owners, section_kind_label, section_of,
    wire_name, Labels, Lang, Marks,
};
use super::{Change, Kind, Report, Side};
use std::io::{self, Write};

const STYLE: &str = "body{font-family:'Noto Sans CJK SC','Microsoft YaHei','PingFang SC','WenQuanYi Zen Hei',sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;color:#222;line-height:1.6}\
h1{font-size:1.5rem}h2{font-size:1.15rem;border-bottom:1px solid #ddd;padding-bottom:.2rem;margin-top:2rem}\
table.summary{border-collapse:collapse;margin:1rem 0}table.summary th,table.summary td{border:1px solid #ccc;padding:.3rem .9rem;text-align:center}\
ul{padding-left:1.2rem}li{margin:.5rem 0}.kind{display:inline-block;min-width:3rem;font-weight:bold}\
.added .kind{color:#17692c}.removed .kind{color:#a3161d}.modified .kind{color:#8a5a00}.moved .kind{color:#1d4f91}\
del{background:#fde2e1;color:#a3161d}ins{background:#dcf5e0;color:#17692c;text-decoration:none}\
.owners,.from{color:#555;font-size:.92rem;margin-left:3rem}code{color:#666;font-size:.85rem}.rename{color:#1d4f91}";

fn side(s: &Side) -> String {
    format!(
        "{} <code>{}</code>",
        esc(s.title.as_deref().unwrap_or("")),
        esc(s.path.as_deref().unwrap_or("-"))
    )
}

fn head(w: &mut dyn Write, lang: Lang, title: &str) -> io::Result<()> {
    let html_lang = if lang == Lang::Zh { "zh-CN" } else { "en" };
    writeln!(
        w,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">"
    )?;
    writeln!(
        w,
        "<title>{}</title>\n<style>{STYLE}</style>\n</head>\n<body>",
        esc(title)
    )
}

/// Write the report as an HTML page in `lang`.
///
/// ## Errors
/// Writing failed.
pub fn html(r: &Report, w: &mut dyn Write, lang: Lang) -> io::Result<()> {
    let l = lang.labels();
    let title = |s: &Side| {
        s.title
            .clone()
            .or_else(|| s.path.clone())
            .unwrap_or_default()
    };
    let page_title = format!(
        "{}{}{} → {}",
        l.heading,
        l.colon,
        title(&r.old),
        title(&r.new)
    );
    head(w, lang, &page_title)?;
    writeln!(w, "<h1>{}</h1>", l.heading)?;
    body(r, l, w, 2)?;
    writeln!(w, "</body>\n</html>")
}

/// One report's content: the two sides, counts, renames, sections, changes, warnings;
/// headings at `level`.
fn body(r: &Report, l: &Labels, w: &mut dyn Write, level: u8) -> io::Result<()> {
    writeln!(
        w,
        "<p class=\"sides\">{}{}{}<br>{}{}{}</p>",
        l.sides[0],
        l.colon,
        side(&r.old),
        l.sides[1],
        l.colon,
        side(&r.new)
    )?;
    summary(r, l, w)?;
    renames(r, l, w, level)?;
    sections(r, l, w, level)?;
    changes(r, l, w, level)?;
    for x in &r.warnings {
        writeln!(w, "<p class=\"warning\">{}</p>", esc(x))?;
    }
    Ok(())
}

/// A folder report as one page: a table of pairs with their counts, the documents on
/// one side only, then each pair's report.
///
/// ## Errors
/// Writing failed.
pub fn folder_html(
    r: &super::folder::FolderReport,
    w: &mut dyn Write,
    lang: Lang,
) -> io::Result<()> {
    let l = lang.labels();
    let [title, pairs, only_old, only_new, by] = super::render::folder_labels(lang);
    head(w, lang, title)?;
    writeln!(w, "<h1>{title}</h1>\n<h2>{pairs}</h2>")?;
    write!(
        w,
        "<table class=\"summary pairs\"><tr><th>{}</th><th>{}</th><th>{by}</th>",
        l.sides[0], l.sides[1]
    )?;
    for k in l.kinds {
        write!(w, "<th>{k}</th>")?;
    }
    writeln!(w, "</tr>")?;
    let name = |s: &Side| {
        esc(&s
            .title
            .clone()
            .or_else(|| s.path.clone())
            .unwrap_or_default())
    };
    for (k, p) in r.pairs.iter().enumerate() {
        let s = &p.report.summary;
        let how = wire_name(p.paired_by);
        write!(
            w,
            "<tr><td><a href=\"#pair-{k}\">{}</a></td><td>{}</td><td>{how}</td>",
            name(&p.report.old),
            name(&p.report.new)
        )?;
        for n in [s.unchanged, s.modified, s.moved, s.added, s.removed] {
            write!(w, "<td>{n}</td>")?;
        }
        writeln!(w, "</tr>")?;
    }
    writeln!(w, "</table>")?;
    for (label, entries) in [(only_old, &r.only_old), (only_new, &r.only_new)] {
        if entries.is_empty() {
            continue;
        }
        writeln!(w, "<h2>{label}</h2>\n<ul>")?;
        for e in entries {
            writeln!(
                w,
                "<li>{} <code>{}</code></li>",
                esc(e.title.as_deref().unwrap_or("")),
                esc(&e.path)
            )?;
        }
        writeln!(w, "</ul>")?;
    }
    for (k, p) in r.pairs.iter().enumerate() {
        writeln!(
            w,
            "<h2 id=\"pair-{k}\">{} → {}</h2>",
            name(&p.report.old),
            name(&p.report.new)
        )?;
        body(&p.report, l, w, 3)?;
    }
    writeln!(w, "</body>\n</html>")
}

fn summary(r: &Report, l: &Labels, w: &mut dyn Write) -> io::Result<()> {
    let s = &r.summary;
    let ids = ["unchanged", "modified", "moved", "added", "removed"];
    let counts = [s.unchanged, s.modified, s.moved, s.added, s.removed];
    write!(w, "<table class=\"summary\"><tr>")?;
    for k in l.kinds {
        write!(w, "<th>{k}</th>")?;
    }
    write!(w, "</tr><tr>")?;
    for (id, n) in ids.iter().zip(counts) {
        write!(w, "<td id=\"count-{id}\">{n}</td>")?;
    }
    writeln!(w, "</tr></table>")
}

fn renames(r: &Report, l: &Labels, w: &mut dyn Write, h: u8) -> io::Result<()> {
    if r.renames.is_empty() {
        return Ok(());
    }
    writeln!(w, "<h{h}>{}</h{h}>\n<ul>", l.renamed_units)?;
    for (x, n) in &r.renames {
        writeln!(
            w,
            "<li class=\"rename\">{} → {}（{n} {}）{}</li>",
            esc(&x.old),
            esc(&x.new),
            l.tasks,
            l.rename_note
        )?;
    }
    writeln!(w, "</ul>")
}

fn sections(r: &Report, l: &Labels, w: &mut dyn Write, h: u8) -> io::Result<()> {
    if r.sections.is_empty() {
        return Ok(());
    }
    let show = |x: &Option<(String, String)>| {
        x.as_ref()
            .map(|(i, t)| format!("<code>{}</code> {}", esc(i), esc(t)))
            .unwrap_or_default()
    };
    writeln!(w, "<h{h}>{}</h{h}>\n<ul>", l.sections)?;
    for sc in &r.sections {
        let arrow = if sc.old.is_some() && sc.new.is_some() {
            " → "
        } else {
            ""
        };
        writeln!(
            w,
            "<li><span class=\"kind\">{}</span> {}{arrow}{}</li>",
            section_kind_label(&sc.kind, l),
            show(&sc.old),
            show(&sc.new)
        )?;
    }
    writeln!(w, "</ul>")
}

fn changes(r: &Report, l: &Labels, w: &mut dyn Write, h: u8) -> io::Result<()> {
    let mut open = false;
    let mut last: Option<&str> = None;
    for c in r.changes.iter().filter(|c| c.kind != Kind::Unchanged) {
        let sec = section_of(c);
        if last != Some(sec) {
            if open {
                writeln!(w, "</ul>")?;
            }
            writeln!(w, "<h{h}>{}</h{h}>\n<ul>", esc(sec))?;
            (open, last) = (true, Some(sec));
        }
        change(c, l, w)?;
    }
    if open {
        writeln!(w, "</ul>")?;
    } else {
        writeln!(w, "<p>{}</p>", l.none)?;
    }
    Ok(())
}

fn change(c: &Change, l: &Labels, w: &mut dyn Write) -> io::Result<()> {
    let class = wire_name(c.kind);
    let (o, n) = (c.old.as_ref(), c.new.as_ref());
    let id = |t: Option<&super::TaskView>| t.map_or(String::new(), |t| esc(&t.id));
    write!(
        w,
        "<li class=\"{class}\"><span class=\"kind\">{}</span> ",
        kind_label(c.kind, l)
    )?;
    match c.kind {
        Kind::Added | Kind::Removed => {
            let t = if c.kind == Kind::Added { n } else { o };
            let text = t.map_or(String::new(), |t| esc(&t.text));
            let text = if c.kind == Kind::Added {
                format!("<ins>{text}</ins>")
            } else {
                format!("<del>{text}</del>")
            };
            write!(w, "<code>{}</code> {text}", id(t))?;
            if let Some(own) = t
                .map(|t| owners(&t.responsibility))
                .filter(|o| !o.is_empty())
            {
                write!(
                    w,
                    "<div class=\"owners\">{}{}{}</div>",
                    l.owners,
                    l.colon,
                    esc(&own)
                )?;
            }
        }
        _ => {
            let marked = inline(
                o.map_or("", |t| t.text.as_str()),
                n.map_or("", |t| t.text.as_str()),
                Marks::Html,
            );
            write!(w, "<code>{} → {}</code> {marked}", id(o), id(n))?;
            if c.kind == Kind::Moved {
                let from = o.map_or(String::new(), |t| esc(&t.section_titles));
                write!(w, "<div class=\"from\">{}{}{from}</div>", l.from, l.colon)?;
            }
            let notes = notes_in(c, l);
            if !notes.is_empty() {
                let notes = esc(&notes.join("；"));
                write!(
                    w,
                    "<div class=\"owners\">{}{}{notes}</div>",
                    l.owners, l.colon
                )?;
            }
        }
    }
    writeln!(w, "</li>")
}
