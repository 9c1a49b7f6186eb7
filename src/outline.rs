//! Stage 4: the section tree, built in one pass with a stack of open sections.
//!
//! ## Grammar
//! A heading is a line (or, in flattened text, a point right after a sentence end or a
//! run of spaces) that starts with a marker recognised by [`crate::scan::scan_marker`].
//! Recognising the form is not enough; the marker must also fit the numbering:
//!
//! - a style already open continues its own sequence (`ordinal = previous + 1`) and
//!   closes everything opened below it;
//! - a style not open starts a new level under the innermost open section. Its depth is
//!   where it first appears (a `1.` directly under `一、` is level 2 when the document skips
//!   `（一）`), never below a style of lower conventional rank (GB/T 9704-2012 §7.3.3:
//!   一、 → （一） → 1. → （1）). It must start at 1 — or continue the numbering it had under
//!   the previous parent (`（四）` under `三、` after `（三）` under `二、`).
//! - A marker that does not fit is *suspect*. It is accepted (with a `marker_gap` warning)
//!   only with more evidence: it skips at most two numbers and the next marker of its
//!   style continues from it. Otherwise it is body text (`marker_rejected`).
//!
//! Not headings: a marker after a line that ends mid-sentence (`，`, `、`, an open
//! bracket), entries of an `附件：` list, and inline enumerations (`一是…`, `做到（1）…`)
//! since only line starts and sentence ends are looked at.
//!
//! ## Diagnostics
//! `marker_gap`, `marker_rejected`.
//!
//! ## References
//! GB/T 9704-2012 《党政机关公文格式》 §7.3.3 (结构层次序数).

use crate::lines::Line;
use crate::model::{Warning, WarningCode};
use crate::scan::{is_sentence_end, is_space, scan_marker, Marker, Style};
use crate::text::{open_depth, paragraphs, Para, Piece};
use rustc_hash::FxHashMap as HashMap;
use std::sync::LazyLock;

/// A section before tasks are split.
#[derive(Clone, Debug)]
pub struct Node {
    /// Marker as written.
    pub marker: String,
    /// Style.
    pub style: Style,
    /// Ordinal.
    pub ordinal: u32,
    /// 1-based line.
    pub line: u32,
    /// Paragraphs of the item's own text (first one starts with the heading text).
    pub paras: Vec<Para>,
    /// The heading line stood alone (title = whole heading line).
    pub standalone: bool,
    /// Sub-items.
    pub children: Vec<Node>,
}

/// One segment of a line: the whole line, or a piece of a flattened line.
#[derive(Clone, Debug)]
struct Seg<'a> {
    line_idx: usize,
    no: u32,
    text: &'a str,
    blank_before: bool,
    marker: Option<Marker>,
    inline: bool,
}

/// The outline of one region.
#[derive(Debug, Default)]
pub struct Outline {
    /// Text before the first heading.
    pub preamble: Vec<Para>,
    /// Top-level sections.
    pub sections: Vec<Node>,
}

/// Marker candidates inside a long line, right after a sentence end or spaces.
fn inline_markers(t: &str) -> Vec<(usize, Marker)> {
    let mut out = Vec::new();
    let mut prev: Option<char> = None;
    let mut prev_nonspace: Option<char> = None;
    for (i, c) in t.char_indices() {
        let boundary = match prev {
            Some(p) if is_sentence_end(p) => true,
            Some(p) if is_space(p) => prev_nonspace.is_some_and(|q| !q.is_ascii_digit()),
            _ => false,
        };
        if boundary && i > 0 && !is_space(c) {
            if let Some(m) = t.get(i..).and_then(scan_marker) {
                out.push((i, m));
            }
        }
        if !is_space(c) {
            prev_nonspace = Some(c);
        }
        prev = Some(c);
    }
    out
}

/// A second item of some numbering (二、 （二） (二) 2. 2、 （2） …): a line without one
/// cannot be a flattened list. One pass for all forms.
static SECOND_ITEM: LazyLock<regex::Regex> = LazyLock::new(|| {
    crate::scan::static_regex(r"二、|（二）|\(二\)|2\.|2、|2．|（2）|\(2\)|②|第二|貳、|㈡|⒉")
});

/// Split flattened lines: only when the line holds at least two inline markers of one
/// style numbered in sequence.
fn segments<'a>(lines: &'a [Line<'a>], idx: &[usize]) -> Vec<Seg<'a>> {
    let mut out = Vec::new();
    let mut prev_i: Option<usize> = None;
    for &i in idx {
        let Some(l) = lines.get(i) else { continue };
        let blank_before = prev_i.is_some_and(|p| i > p + 1);
        prev_i = Some(i);
        let mut cuts: Vec<usize> = Vec::new();
        // a flattened line holds a second item: 二、 （二） (二) 2. 2、 （2）
        if l.text.len() > 120 && SECOND_ITEM.is_match(l.text) {
            let ims = inline_markers(l.text);
            let seq = ims.windows(2).any(|w| match w {
                [(_, a), (_, b)] => a.style == b.style && b.ordinal == a.ordinal + 1,
                _ => false,
            }) || (scan_marker(l.text).is_some_and(|m0| {
                ims.iter()
                    .any(|(_, m)| m.style == m0.style && m.ordinal == m0.ordinal + 1)
            }));
            if seq {
                cuts = ims.iter().map(|(p, _)| *p).collect();
            }
        }
        let mut start = 0usize;
        let mut bounds: Vec<(usize, usize)> = Vec::new();
        for c in cuts {
            bounds.push((start, c));
            start = c;
        }
        bounds.push((start, l.text.len()));
        for (k, (a, b)) in bounds.into_iter().enumerate() {
            let text = l.text.get(a..b).unwrap_or("").trim_matches(is_space);
            if text.is_empty() {
                continue;
            }
            out.push(Seg {
                line_idx: i,
                no: l.no,
                text,
                blank_before: blank_before && k == 0,
                marker: scan_marker(text),
                inline: k > 0,
            });
        }
    }
    out
}

#[derive(Clone, Copy, Debug)]
struct Open {
    style: Style,
    ordinal: u32,
}

enum Verdict {
    Accept(usize),
    Suspect(usize, &'static str),
    Reject(&'static str),
}

/// Build the outline of the lines `idx` (indices into `lines`, in order, all kept).
///
/// `notes` receives an explanation per line index for `--explain`.
///
/// ## Errors
/// None: heuristics never fail; doubts become `warnings`.
pub fn build(
    lines: &[Line<'_>],
    idx: &[usize],
    double_spaced: bool,
    warnings: &mut Vec<Warning>,
    notes: &mut [Option<String>],
) -> Outline {
    let segs = segments(lines, idx);
    let explaining = !notes.is_empty();
    let mut note = |i: usize, s: String| {
        if let Some(n) = notes.get_mut(i) {
            match n {
                Some(prev) => {
                    prev.push_str("; ");
                    prev.push_str(&s);
                }
                None => *n = Some(s),
            }
        }
    };

    // Attachment lists and mid-sentence continuations are not candidates.
    let mut cand: Vec<Option<Marker>> = segs.iter().map(|s| s.marker).collect();
    let mut in_attach = false;
    for (k, s) in segs.iter().enumerate() {
        let t = s.text;
        if t.starts_with("附件") && (t.chars().count() <= 60) {
            in_attach = true;
            continue;
        }
        if in_attach {
            if s.marker.is_some() && t.chars().count() <= 60 && !t.contains('。') {
                if let Some(c) = cand.get_mut(k) {
                    *c = None;
                }
                note(s.line_idx, "attachment list entry, not a heading".into());
                continue;
            }
            in_attach = false;
        }
        if s.marker.is_some() && !s.inline && k > 0 {
            let prev = segs.get(k - 1).map_or("", |p| p.text);
            let cut = prev
                .chars()
                .last()
                .is_some_and(|c| matches!(c, '，' | ',' | '、' | '（' | '(' | '“'))
                || open_depth(prev) > 0;
            if cut && !prev.contains('。') {
                if let Some(c) = cand.get_mut(k) {
                    *c = None;
                }
                note(
                    s.line_idx,
                    "marker-like start rejected: the previous line ends mid-sentence".into(),
                );
            }
        }
    }

    // Next candidate of the same style, for evidence.
    let mut next_same: Vec<Option<u32>> = vec![None; segs.len()];
    let mut last_by_style: HashMap<Style, u32> = HashMap::default();
    for k in (0..segs.len()).rev() {
        if let Some(Some(m)) = cand.get(k) {
            if let Some(slot) = next_same.get_mut(k) {
                *slot = last_by_style.get(&m.style).copied();
            }
            last_by_style.insert(m.style, m.ordinal);
        }
    }

    let mut stack: Vec<Open> = Vec::new();
    let mut parent_of: HashMap<Style, Option<Style>> = HashMap::default();
    let mut last_ord: HashMap<Style, u32> = HashMap::default();
    // heading[k] = Some(depth) when segment k opens a section at that depth (0-based)
    let mut heading: Vec<Option<usize>> = vec![None; segs.len()];
    // style of the document's top level, once one is accepted
    let mut top_style: Option<Style> = None;
    for (k, s) in segs.iter().enumerate() {
        let Some(Some(m)) = cand.get(k).copied() else {
            continue;
        };
        let verdict = if let Some(pos) = stack.iter().rposition(|o| o.style == m.style) {
            let exp = stack.get(pos).map_or(1, |o| o.ordinal + 1);
            if m.ordinal == exp {
                Verdict::Accept(pos)
            } else if m.ordinal > exp && m.ordinal <= exp + 2 {
                Verdict::Suspect(pos, "skips a number")
            } else {
                Verdict::Reject("does not continue the numbering of its level")
            }
        } else {
            let learned = parent_of.get(&m.style).copied();
            let depth = match learned {
                Some(Some(p)) => stack
                    .iter()
                    .rposition(|o| o.style == p)
                    .map_or(stack.len(), |j| j + 1),
                Some(None) => 0,
                None => {
                    let mut d = stack.len();
                    while d > 0
                        && stack
                            .get(d - 1)
                            .is_some_and(|o| o.style.rank() >= m.style.rank())
                    {
                        d -= 1;
                    }
                    d
                }
            };
            let cont = last_ord.get(&m.style).map(|o| o + 1);
            if m.ordinal == 1 || Some(m.ordinal) == cont {
                Verdict::Accept(depth)
            } else if m.ordinal <= cont.unwrap_or(1) + 2 && m.ordinal > cont.unwrap_or(1) {
                Verdict::Suspect(depth, "does not start at 1")
            } else {
                Verdict::Reject("does not start at 1 or continue its numbering")
            }
        };
        // The first heading of a fragment (a page that starts at 十九、) needs the same evidence.
        let verdict = match verdict {
            Verdict::Reject(_) if stack.is_empty() && last_ord.is_empty() => {
                Verdict::Suspect(0, "opens the document without starting at 1")
            }
            v => v,
        };
        let depth = match verdict {
            Verdict::Accept(d) => Some(d),
            Verdict::Suspect(d, why) => {
                let evidence = next_same.get(k).copied().flatten() == Some(m.ordinal + 1);
                if evidence {
                    warnings.push(Warning {
                        code: WarningCode::MarkerGap,
                        message: format!(
                            "heading {:?} {why}; accepted because the next one continues from it",
                            s.text.get(..m.marker_len).unwrap_or("")
                        ),
                        line: Some(s.no),
                    });
                    Some(d)
                } else {
                    let msg = format!("marker {why} and nothing confirms it; read as text");
                    note(s.line_idx, format!("rejected marker: {msg}"));
                    warnings.push(Warning {
                        code: WarningCode::MarkerRejected,
                        message: format!(
                            "{:?}: {msg}",
                            s.text.chars().take(16).collect::<String>()
                        ),
                        line: Some(s.no),
                    });
                    None
                }
            }
            Verdict::Reject(why) => {
                note(s.line_idx, format!("rejected marker: {why}"));
                if !s.inline {
                    warnings.push(Warning {
                        code: WarningCode::MarkerRejected,
                        message: format!(
                            "{:?}: {why}; read as text",
                            s.text.chars().take(16).collect::<String>()
                        ),
                        line: Some(s.no),
                    });
                }
                None
            }
        };
        if let Some(d) = depth {
            // A higher-ranked style opening the top level after lower-ranked items there
            // (1. 2. … then 一、): the items before were a list in the preamble, not the
            // document's top level. Read them as text, so ids stay unique.
            let demote = d == 0
                && !last_ord.contains_key(&m.style)
                && top_style.is_some_and(|t| t.rank() > m.style.rank());
            if demote {
                let mut n = 0;
                for (j, h) in heading.iter_mut().enumerate().take(k) {
                    if h.take().is_some() {
                        n += 1;
                        if let Some(seg) = segs.get(j) {
                            note(
                                seg.line_idx,
                                "demoted: a list before the document's top-level headings".into(),
                            );
                        }
                    }
                }
                parent_of.clear();
                last_ord.clear();
                top_style = None;
                warnings.push(Warning {
                    code: WarningCode::MarkerRejected,
                    message: format!(
                        "{n} numbered item(s) before the first {:?} heading read as preamble text",
                        s.text.get(..m.marker_len).unwrap_or("")
                    ),
                    line: Some(s.no),
                });
            }
            if d == 0 && top_style.is_none() {
                top_style = Some(m.style);
            }
            stack.truncate(d);
            parent_of
                .entry(m.style)
                .or_insert_with(|| stack.last().map(|o| o.style));
            stack.push(Open {
                style: m.style,
                ordinal: m.ordinal,
            });
            last_ord.insert(m.style, m.ordinal);
            if let Some(h) = heading.get_mut(k) {
                *h = Some(d);
            }
            if explaining {
                note(
                    s.line_idx,
                    format!("heading level {} {} #{}", d + 1, m.style.name(), m.ordinal),
                );
            }
        }
    }

    // Gather pieces per section and build the tree.
    let mut out = Outline::default();
    let mut pre: Vec<Piece<'_>> = Vec::new();
    // flat: (depth, node, pieces)
    let mut flat: Vec<(usize, Node, Vec<Piece<'_>>)> = Vec::new();
    for (k, s) in segs.iter().enumerate() {
        match (heading.get(k).copied().flatten(), s.marker) {
            (Some(d), Some(m)) => {
                let rest = s.text.get(m.len..).unwrap_or("");
                let node = Node {
                    marker: s.text.get(..m.marker_len).unwrap_or("").to_string(),
                    style: m.style,
                    ordinal: m.ordinal,
                    line: s.no,
                    paras: Vec::new(),
                    standalone: false,
                    children: Vec::new(),
                };
                let piece = Piece {
                    line: s.no,
                    text: rest,
                    blank_before: s.blank_before,
                    heading: true,
                };
                flat.push((d, node, vec![piece]));
            }
            _ => {
                let piece = Piece {
                    line: s.no,
                    text: s.text,
                    blank_before: s.blank_before,
                    heading: false,
                };
                match flat.last_mut() {
                    Some((_, _, ps)) => ps.push(piece),
                    None => pre.push(piece),
                }
            }
        }
    }
    out.preamble = paragraphs(&pre, double_spaced);
    let mut nodes: Vec<(usize, Node)> = Vec::with_capacity(flat.len());
    for (d, mut node, ps) in flat {
        node.paras = paragraphs(&ps, double_spaced);
        let first_len = ps.first().map_or(0, |p| p.text.len());
        node.standalone = node
            .paras
            .first()
            .is_some_and(|p| p.text.len() == first_len)
            && ps
                .first()
                .is_some_and(|p| !p.text.contains(['。', '；', ';']));
        nodes.push((d, node));
    }
    out.sections = nest(nodes);
    out
}

/// Turn (depth, node) in document order into a tree.
fn nest(nodes: Vec<(usize, Node)>) -> Vec<Node> {
    let mut roots: Vec<Node> = Vec::new();
    let mut stack: Vec<(usize, Node)> = Vec::new();
    fn close(stack: &mut Vec<(usize, Node)>, roots: &mut Vec<Node>) {
        if let Some((_, n)) = stack.pop() {
            match stack.last_mut() {
                Some((_, parent)) => parent.children.push(n),
                None => roots.push(n),
            }
        }
    }
    for (d, n) in nodes {
        while stack.last().is_some_and(|(sd, _)| *sd >= d) {
            close(&mut stack, &mut roots);
        }
        stack.push((d.min(stack.len()), n));
    }
    while !stack.is_empty() {
        close(&mut stack, &mut roots);
    }
    roots
}
