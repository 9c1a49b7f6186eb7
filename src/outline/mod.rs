//! Stage 4: the section tree.
//!
//! Three rooms:
//! 1. [`candidates`] — where a heading may start: line starts, and points inside a
//!    flattened line (after a sentence, a clause, a colon, spaces, or a bare heading phrase);
//! 2. [`numbering`] — the state machine that says whether a marker continues the open
//!    numbering, and at which depth;
//! 3. this module — runs the candidates through the machine with the evidence it needs
//!    (the next marker of a level, a table of contents before the body), gives every
//!    candidate one typed [`Fate`], then cuts the lines at the accepted headings and
//!    builds the tree.
//!
//! ## Evidence
//! - A *suspect* marker (skips one or two numbers, or opens a level at 2 or 3) is
//!   accepted only when the next marker of its level continues from it.
//! - A *weak* marker (`1.2025年底前`, `1　总则`) is accepted only where it fits the numbering
//!   exactly and a neighbour confirms it: the next marker of its level continues from it,
//!   or it continues an open sibling.
//! - A marker right after a bare heading phrase (`一、强化目标管理（一）分解…`) is accepted
//!   only as the first child of that heading.
//! - A run of headings without any body text, followed by the numbering starting again at
//!   1, was a table of contents (目录): read as text, with a warning.
//!
//! Not headings: a marker after a line that ends mid-sentence (`，`, `、`, an open
//! bracket), entries of an `附件：` list, and inline enumerations (`一是…`, `做到（1）…；（2）`).
//!
//! ## Diagnostics
//! `marker_gap`, `marker_rejected`.
//!
//! ## References
//! GB/T 9704-2012 《党政机关公文格式》 §7.3.3 (结构层次序数).

pub mod candidates;
pub mod numbering;

use crate::lines::Line;
use crate::model::{Warning, WarningCode};
use crate::scan::Style;
use crate::text::{open_depth, paragraphs, Para, Piece};
use candidates::{Boundary, Candidate};
use numbering::{Numbering, Verdict, Why};
use std::fmt;

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

/// The outline of one region.
#[derive(Debug, Default)]
pub struct Outline {
    /// Text before the first heading.
    pub preamble: Vec<Para>,
    /// Top-level sections.
    pub sections: Vec<Node>,
}

/// What became of one marker candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    /// A heading at this level (1 = top).
    Heading {
        /// 1-based depth.
        level: usize,
        /// Style.
        style: Style,
        /// Ordinal.
        ordinal: u32,
        /// What confirmed a suspect or weak marker, if anything was needed.
        evidence: Option<Evidence>,
    },
    /// Read as text: the numbering refused it.
    Rejected(Why),
    /// Read as text: a suspect or weak marker nothing confirmed.
    Unconfirmed(Why),
    /// Read as text: the previous line ends mid-sentence.
    MidSentence,
    /// Read as text: an entry of an 附件 list.
    AttachmentEntry,
    /// Read as text: an entry of a table of contents.
    ContentsEntry,
    /// Read as text: a numbered list before the document's top-level headings.
    PreambleList,
    /// Read as text: after a heading phrase, but not its child.
    NotAChild,
    /// Read as text: a line-start marker whose line goes on with the next number after
    /// `；` (an enumeration inside one sentence).
    Enumeration,
}

/// What confirmed a marker that its form or number alone did not.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Evidence {
    /// The next marker of its level continues from it.
    NextContinues,
    /// It continues an open sibling.
    ContinuesSibling,
    /// It is a child of the bare heading phrase before it.
    PhraseChild,
}

impl fmt::Display for Fate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Fate::Heading {
                level,
                style,
                ordinal,
                evidence,
            } => {
                write!(f, "heading level {level} {} #{ordinal}", style.name())?;
                match evidence {
                    Some(Evidence::NextContinues) => write!(f, " (the next one continues from it)"),
                    Some(Evidence::ContinuesSibling) => write!(f, " (continues its sibling)"),
                    Some(Evidence::PhraseChild) => write!(f, " (child of the heading phrase)"),
                    None => Ok(()),
                }
            }
            Fate::Rejected(why) => write!(f, "rejected marker: {}", why.text()),
            Fate::Unconfirmed(why) => {
                write!(f, "rejected marker: {} and nothing confirms it", why.text())
            }
            Fate::MidSentence => write!(
                f,
                "marker-like start rejected: the previous line ends mid-sentence"
            ),
            Fate::AttachmentEntry => write!(f, "attachment list entry, not a heading"),
            Fate::ContentsEntry => write!(f, "table of contents entry, not a heading"),
            Fate::PreambleList => write!(
                f,
                "demoted: a list before the document's top-level headings"
            ),
            Fate::NotAChild => write!(f, "rejected marker: inside a heading phrase, not its child"),
            Fate::Enumeration => write!(
                f,
                "enumeration inside a sentence (its line goes on with the next number after ；)"
            ),
        }
    }
}

/// Mark attachment-list entries and markers that continue a sentence: no candidates.
fn prefilter(lines: &[Line<'_>], idx: &[usize], cands: &[Candidate], fate: &mut [Option<Fate>]) {
    let mut in_attach = false;
    let mut k = 0usize;
    for (pos, &i) in idx.iter().enumerate() {
        let Some(l) = lines.get(i) else { continue };
        let t = l.text;
        // candidates of this line
        let first = k;
        while cands.get(k).is_some_and(|c| c.line_idx == i) {
            k += 1;
        }
        let starts = cands
            .get(first)
            .is_some_and(|c| c.line_idx == i && c.boundary == Boundary::LineStart);
        if t.starts_with("附件") && t.chars().count() <= 60 {
            in_attach = true;
            continue;
        }
        if in_attach {
            if starts && t.chars().count() <= 60 && !t.contains('。') {
                if let Some(f) = fate.get_mut(first) {
                    *f = Some(Fate::AttachmentEntry);
                }
                continue;
            }
            in_attach = false;
        }
        if starts && pos > 0 {
            let prev = idx
                .get(pos - 1)
                .and_then(|&j| lines.get(j))
                .map_or("", |p| p.text);
            // (a line with a full stop is never cut: asked first, it spares counting
            // brackets in the sentences before most headings)
            let cut = || {
                prev.chars()
                    .last()
                    .is_some_and(|c| matches!(c, '，' | ',' | '、' | '（' | '(' | '“'))
                    || open_depth(prev) > 0
            };
            if !crate::scan::contains_char(prev, '。') && cut() {
                if let Some(f) = fate.get_mut(first) {
                    *f = Some(Fate::MidSentence);
                }
            }
        }
    }
}

/// More characters than this after a heading are a body, sentence or not.
const BODY_CHARS: usize = 40;

/// Text seen after a heading: enough to call it a body?
#[derive(Default)]
struct BodySeen {
    chars: usize,
    sentence: bool,
}

impl BodySeen {
    /// Only whether there is enough is asked: once there is, more text changes nothing,
    /// and characters are counted only up to the 41st.
    fn look(&mut self, s: &str) {
        if self.enough() {
            return;
        }
        // (more bytes than four for each character still wanted are more characters than
        // wanted: enough, sentence or not, and the text is not searched)
        if s.len() > 4 * (BODY_CHARS - self.chars) {
            self.chars = BODY_CHARS + 1;
            return;
        }
        self.sentence = crate::scan::has_any(s, &['。', '；', ';']);
        if !self.sentence {
            self.chars += s.chars().take(BODY_CHARS + 1 - self.chars).count();
        }
    }

    fn enough(&self) -> bool {
        self.sentence || self.chars > BODY_CHARS
    }
}

/// For each candidate: the text after it, up to the next candidate, holds a body.
fn mark_bodies(lines: &[Line<'_>], idx: &[usize], cands: &mut [Candidate]) {
    // (`idx` is ascending: a line's place in it is found by bisection)
    debug_assert!(idx.windows(2).all(|w| matches!(w, [a, b] if a < b)));
    let pos_of = |i: usize| idx.binary_search(&i).unwrap_or(0);
    let n = cands.len();
    for k in 0..n {
        let Some(c) = cands.get(k).copied() else {
            continue;
        };
        let next = cands.get(k + 1).copied();
        let mut body = BodySeen::default();
        let line = lines.get(c.line_idx).map_or("", |l| l.text);
        let from = c.at + c.marker.len;
        match next {
            Some(nx) if nx.line_idx == c.line_idx => body.look(line.get(from..nx.at).unwrap_or("")),
            _ => {
                body.look(line.get(from..).unwrap_or(""));
                let p0 = pos_of(c.line_idx);
                let stop = next.map_or(usize::MAX, |nx| nx.line_idx);
                for &j in idx.iter().skip(p0 + 1) {
                    if j >= stop || body.enough() {
                        break;
                    }
                    body.look(lines.get(j).map_or("", |l| l.text));
                }
                if let Some(nx) = next {
                    if nx.line_idx != c.line_idx {
                        let l = lines.get(nx.line_idx).map_or("", |l| l.text);
                        body.look(l.get(..nx.at).unwrap_or(""));
                    }
                }
            }
        }
        if let Some(cm) = cands.get_mut(k) {
            cm.has_body = body.enough();
        }
    }
}

/// For each live candidate, the ordinal of the next live candidate of its level (the
/// evidence a suspect or weak marker needs).
fn next_same_ordinals(cands: &[Candidate], fate: &[Option<Fate>]) -> Vec<Option<u32>> {
    use numbering::Level;
    let mut next_same: Vec<Option<u32>> = vec![None; cands.len()];
    let mut seen: rustc_hash::FxHashMap<Level, u32> = rustc_hash::FxHashMap::default();
    for k in (0..cands.len()).rev() {
        if fate.get(k).copied().flatten().is_some() {
            continue;
        }
        if let Some(c) = cands.get(k) {
            let lv = Level::of(&c.marker);
            if let Some(slot) = next_same.get_mut(k) {
                *slot = seen.get(&lv).copied();
            }
            seen.insert(lv, c.marker.ordinal);
        }
    }
    next_same
}

/// The headings accepted since the numbering last started.
#[derive(Default)]
struct Run {
    /// Their candidate indices.
    accepted: Vec<usize>,
    /// Some heading of the run has a body (a table of contents has none).
    any_body: bool,
    /// Conventional rank of the run's top level.
    top_rank: Option<u8>,
}

impl Run {
    /// The run was not the outline after all: give its headings `as_text`, start afresh,
    /// and say how many there were.
    fn discard(&mut self, fate: &mut [Option<Fate>], as_text: Fate, num: &mut Numbering) -> usize {
        for &j in &self.accepted {
            if let Some(f) = fate.get_mut(j) {
                *f = Some(as_text);
            }
        }
        let n = self.accepted.len();
        *self = Run::default();
        num.reset();
        n
    }

    fn accept(&mut self, k: usize, c: &Candidate, depth: usize) {
        if depth == 0 && self.top_rank.is_none() {
            self.top_rank = Some(c.marker.style.rank());
        }
        self.accepted.push(k);
        self.any_body |= c.has_body;
    }
}

/// Where a candidate stands, for messages.
struct Place<'a, 'b> {
    lines: &'b [Line<'a>],
}

impl Place<'_, '_> {
    fn line_no(&self, c: &Candidate) -> Option<u32> {
        self.lines.get(c.line_idx).map(|l| l.no)
    }

    fn marker(&self, c: &Candidate) -> &str {
        self.lines
            .get(c.line_idx)
            .and_then(|l| l.text.get(c.at..c.at + c.marker.marker_len))
            .unwrap_or("")
    }

    fn opening(&self, c: &Candidate) -> String {
        self.lines
            .get(c.line_idx)
            .and_then(|l| l.text.get(c.at..))
            .unwrap_or("")
            .chars()
            .take(16)
            .collect()
    }
}

/// Decide the fate of every candidate: run each through the numbering with the evidence
/// it needs, discarding a run of headings that turns out to be a preamble list or a table
/// of contents.
fn decide(
    cands: &[Candidate],
    fate: &mut [Option<Fate>],
    warnings: &mut Vec<Warning>,
    lines: &[Line<'_>],
) {
    let next_same = next_same_ordinals(cands, fate);
    let place = Place { lines };
    let mut num = Numbering::default();
    let mut run = Run::default();
    for (k, c) in cands.iter().enumerate() {
        if fate.get(k).copied().flatten().is_some() {
            continue;
        }
        let m = c.marker;
        // A higher-ranked style opening the top level after lower-ranked items there
        // (1. 2. … then 一、): the items before were a list in the preamble.
        let demote = m.ordinal == 1
            && !m.weak
            && c.boundary != Boundary::Phrase
            && !num.was_used(numbering::Level::of(&m))
            && run.top_rank.is_some_and(|t| t > m.style.rank());
        if demote {
            let n = run.discard(fate, Fate::PreambleList, &mut num);
            warnings.push(Warning {
                code: WarningCode::MarkerRejected,
                message: format!(
                    "{n} numbered item(s) before the first {:?} heading read as preamble text",
                    place.marker(c)
                ),
                line: place.line_no(c),
            });
        }
        let mut verdict = num.judge(&m);
        // The first heading of a fragment (a page that starts at 十九、) needs evidence.
        if matches!(verdict, Verdict::Reject(w) if w != Why::NoParent) && num.is_empty() {
            verdict = Verdict::Suspect(0, Why::OpensFragment);
        }
        // A run of bare headings, then the top level again from 1: a table of contents.
        let restarts = matches!(verdict, Verdict::Reject(_))
            && m.ordinal == 1
            && num.top() == Some(numbering::Level::of(&m))
            && !run.any_body
            && run.accepted.len() >= 2;
        if restarts {
            let n = run.discard(fate, Fate::ContentsEntry, &mut num);
            warnings.push(Warning {
                code: WarningCode::MarkerRejected,
                message: format!(
                    "{n} heading(s) without text before the numbering starts again read as a table of contents"
                ),
                line: place.line_no(c),
            });
            verdict = Verdict::Accept(0);
        }
        let next_continues = next_same.get(k).copied().flatten() == Some(m.ordinal + 1);
        let f = fate_of(verdict, c, k, next_continues, &num, fate);
        match f {
            Fate::Heading {
                level, evidence, ..
            } => {
                if matches!(verdict, Verdict::Suspect(..)) && evidence.is_some() {
                    warnings.push(Warning {
                        code: WarningCode::MarkerGap,
                        message: format!(
                            "heading {:?} {}; accepted because the next one continues from it",
                            place.marker(c),
                            match verdict {
                                Verdict::Suspect(_, why) => why.text(),
                                _ => "",
                            }
                        ),
                        line: place.line_no(c),
                    });
                }
                num.open(level - 1, &m);
                run.accept(k, c, level - 1);
            }
            Fate::Rejected(_) | Fate::Unconfirmed(_) if c.boundary == Boundary::LineStart => {
                let why = match f {
                    Fate::Rejected(w) => w.text().to_string(),
                    Fate::Unconfirmed(w) => format!("{} and nothing confirms it", w.text()),
                    _ => String::new(),
                };
                warnings.push(Warning {
                    code: WarningCode::MarkerRejected,
                    message: crate::model::fitted(format!(
                        "{:?}: {why}; read as text",
                        place.opening(c)
                    )),
                    line: place.line_no(c),
                });
            }
            _ => {}
        }
        if let Some(slot) = fate.get_mut(k) {
            *slot = Some(f);
        }
    }
}

/// What the numbering's verdict on candidate `k` makes of it, given the evidence.
fn fate_of(
    verdict: Verdict,
    c: &Candidate,
    k: usize,
    next_continues: bool,
    num: &Numbering,
    fate: &[Option<Fate>],
) -> Fate {
    let m = c.marker;
    match verdict {
        // only as a child of the heading phrase just before it
        Verdict::Accept(d) if c.boundary == Boundary::Phrase => {
            let parent = k
                .checked_sub(1)
                .and_then(|j| fate.get(j).copied().flatten());
            match parent {
                Some(Fate::Heading { level, .. }) if level == d => {
                    heading(d, &m, Some(Evidence::PhraseChild))
                }
                _ => Fate::NotAChild,
            }
        }
        Verdict::Accept(d) if m.weak => {
            let sibling = d < num.depth()
                && m.ordinal > 1
                && num.is_open_at(numbering::Level::of(&m), m.ordinal - 1);
            if next_continues {
                heading(d, &m, Some(Evidence::NextContinues))
            } else if sibling {
                heading(d, &m, Some(Evidence::ContinuesSibling))
            } else {
                Fate::Unconfirmed(Why::NearlyFromOne)
            }
        }
        Verdict::Accept(d) => heading(d, &m, None),
        Verdict::Suspect(d, _) if next_continues && !m.weak && c.boundary != Boundary::Phrase => {
            heading(d, &m, Some(Evidence::NextContinues))
        }
        Verdict::Suspect(_, why) => Fate::Unconfirmed(why),
        Verdict::Reject(why) => Fate::Rejected(why),
    }
}

fn heading(d: usize, m: &crate::scan::Marker, evidence: Option<Evidence>) -> Fate {
    Fate::Heading {
        level: d + 1,
        style: m.style,
        ordinal: m.ordinal,
        evidence,
    }
}

/// Build the outline of the lines `idx` (indices into `lines`, in order, all kept).
/// The lines `whole_items` (sorted) are one item each: a re-laid table row is never
/// split at a marker inside its cells.
///
/// `fates` receives what became of each marker candidate, for `--explain`.
///
/// ## Errors
/// None: heuristics never fail; doubts become `warnings`.
pub fn build(
    lines: &[Line<'_>],
    idx: &[usize],
    double_spaced: bool,
    whole_items: &[usize],
    warnings: &mut Vec<Warning>,
    fates: &mut crate::fate::Fates,
) -> Outline {
    let mut cands: Vec<Candidate> = Vec::new();
    for &i in idx {
        if let Some(l) = lines.get(i) {
            let whole = whole_items.binary_search(&i).is_ok();
            candidates::of_line(i, l, whole, &mut cands);
        }
    }
    let mut fate: Vec<Option<Fate>> = vec![None; cands.len()];
    for (c, f) in cands.iter().zip(fate.iter_mut()) {
        if c.enumeration {
            *f = Some(Fate::Enumeration);
        }
    }
    prefilter(lines, idx, &cands, &mut fate);
    mark_bodies(lines, idx, &mut cands);
    decide(&cands, &mut fate, warnings, lines);

    for (c, f) in cands.iter().zip(&fate) {
        if let Some(f) = f {
            fates.marker(c.line_idx, *f);
        }
    }
    // accepted headings, in order, with their depth; the candidates are let go before
    // the paragraphs are made (a long plan's rejected markers are most of them)
    let heads: Vec<(Candidate, usize)> = cands
        .iter()
        .zip(&fate)
        .filter_map(|(c, f)| match f {
            Some(Fate::Heading { level, .. }) => Some((*c, level - 1)),
            _ => None,
        })
        .collect();
    drop((cands, fate));
    gather(lines, idx, &heads, double_spaced)
}

/// Cut the lines at the accepted headings `heads` (each with its depth) and build the
/// tree.
fn gather(
    lines: &[Line<'_>],
    idx: &[usize],
    heads: &[(Candidate, usize)],
    double_spaced: bool,
) -> Outline {
    let mut out = Outline::default();
    let mut pre: Vec<Piece<'_>> = Vec::new();
    // the tree so far, and the node being read with its pieces (a node's text is made
    // into paragraphs when the next heading comes: no list of every node's pieces)
    let mut nodes = Nest::default();
    let mut open: Option<(usize, Node)> = None;
    let mut pieces: Vec<Piece<'_>> = Vec::new();
    let mut h = 0usize;
    let mut prev_i: Option<usize> = None;
    for &i in idx {
        let Some(l) = lines.get(i) else { continue };
        let blank_before = prev_i.is_some_and(|p| i > p + 1);
        prev_i = Some(i);
        let mut from = 0usize;
        let mut first = true;
        loop {
            let here = heads.get(h).filter(|(c, _)| c.line_idx == i).copied();
            let to = here.map_or(l.text.len(), |(c, _)| c.at);
            let text = l
                .text
                .get(from..to)
                .unwrap_or("")
                .trim_matches(crate::scan::is_space);
            if !text.is_empty() {
                let piece = Piece {
                    line: l.no,
                    text,
                    blank_before: blank_before && first,
                    heading: false,
                };
                match open {
                    Some(_) => pieces.push(piece),
                    None => pre.push(piece),
                }
                first = false;
            }
            let Some((c, d)) = here else { break };
            h += 1;
            let m = c.marker;
            let next_at = heads
                .get(h)
                .filter(|(n, _)| n.line_idx == i)
                .map_or(l.text.len(), |(n, _)| n.at);
            let rest = l
                .text
                .get(c.at + m.len..next_at)
                .unwrap_or("")
                .trim_matches(crate::scan::is_space);
            let node = Node {
                marker: l
                    .text
                    .get(c.at..c.at + m.marker_len)
                    .unwrap_or("")
                    .to_string(),
                style: m.style,
                ordinal: m.ordinal,
                line: l.no,
                paras: Vec::new(),
                standalone: false,
                children: Vec::new(),
            };
            // a run of ideographic spaces is a paragraph break of a flattened text: the
            // heading ends there (`一、指导思想　　认真贯彻…`)
            let (head_text, body_text) = match crate::scan::find_double_ideographic_space(rest) {
                Some(p)
                    if rest.get(..p).is_some_and(|h| {
                        // (not a letter-spaced title: `总　　则`)
                        h.chars().nth(1).is_some() && !crate::scan::has_any(h, &['。', '；'])
                    }) =>
                {
                    (
                        rest.get(..p).unwrap_or(rest),
                        rest.get(p..)
                            .unwrap_or("")
                            .trim_matches(crate::scan::is_space),
                    )
                }
                _ => (rest, ""),
            };
            if let Some((d, node)) = open.take() {
                nodes.push(d, with_paras(node, &pieces, double_spaced));
            }
            pieces.clear();
            pieces.push(Piece {
                line: l.no,
                text: head_text,
                blank_before: blank_before && first,
                heading: true,
            });
            if !body_text.is_empty() {
                pieces.push(Piece {
                    line: l.no,
                    text: body_text,
                    blank_before: true,
                    heading: false,
                });
            }
            first = false;
            open = Some((d, node));
            from = next_at;
        }
    }
    if let Some((d, node)) = open {
        nodes.push(d, with_paras(node, &pieces, double_spaced));
    }
    out.preamble = paragraphs(&pre, double_spaced);
    out.sections = nodes.finish();
    out
}

/// A node with its text: its pieces (the heading's first) joined into paragraphs.
fn with_paras(mut node: Node, pieces: &[Piece<'_>], double_spaced: bool) -> Node {
    node.paras = paragraphs(pieces, double_spaced);
    let first_len = pieces.first().map_or(0, |p| p.text.len());
    node.standalone = node
        .paras
        .first()
        .is_some_and(|p| p.text.len() == first_len)
        && pieces
            .first()
            .is_some_and(|p| !crate::scan::has_any(p.text, &['。', '；', ';']));
    node
}

/// A tree built from (depth, node) in document order, one node at a time.
#[derive(Default)]
struct Nest {
    roots: Vec<Node>,
    /// The open nodes, from the top: each is the parent of the next.
    stack: Vec<(usize, Node)>,
}

impl Nest {
    fn push(&mut self, d: usize, n: Node) {
        while self.stack.last().is_some_and(|(sd, _)| *sd >= d) {
            self.close();
        }
        self.stack.push((d.min(self.stack.len()), n));
    }

    fn close(&mut self) {
        if let Some((_, n)) = self.stack.pop() {
            match self.stack.last_mut() {
                Some((_, parent)) => parent.children.push(n),
                None => self.roots.push(n),
            }
        }
    }

    fn finish(mut self) -> Vec<Node> {
        while !self.stack.is_empty() {
            self.close();
        }
        self.roots
    }
}

#[cfg(test)]
mod tests {
    use super::BodySeen;

    /// The fate `prefilter` gives the marker that opens the second line of `text`.
    fn second_line_fate(text: &str) -> Option<super::Fate> {
        let lines = crate::lines::split(text);
        let mut cands = Vec::new();
        for (i, l) in lines.iter().enumerate() {
            super::candidates::of_line(i, l, true, &mut cands);
        }
        let mut fate = vec![None; cands.len()];
        super::prefilter(&lines, &[0, 1], &cands, &mut fate);
        let k = cands.iter().position(|c| c.line_idx == 1)?;
        fate.get(k).copied().flatten()
    }

    #[test]
    fn a_marker_after_a_line_cut_inside_a_bracket_continues_the_sentence() {
        use super::Fate::MidSentence;
        // cut after an open bracket, or after a comma: the next marker is mid-sentence
        assert_eq!(
            second_line_fate("推进工作（含\n1.加强统筹\n"),
            Some(MidSentence)
        );
        assert_eq!(
            second_line_fate("推进工作，\n1.加强统筹\n"),
            Some(MidSentence)
        );
        // a full stop in the line before: a heading, whatever is left open
        assert_eq!(second_line_fate("推进工作。（含\n1.加强统筹\n"), None);
        assert_eq!(second_line_fate("推进工作。\n1.加强统筹\n"), None);
    }

    /// What the old definition said: every text looked at counted whole.
    fn enough_counting_everything(texts: &[&str]) -> bool {
        let chars: usize = texts.iter().map(|t| t.chars().count()).sum();
        let sentence = texts.iter().any(|t| t.contains(['。', '；', ';']));
        sentence || chars > 40
    }

    #[test]
    fn a_body_seen_in_pieces_is_judged_as_when_everything_was_counted() {
        let pieces = [
            "",
            "加强统筹",
            "推进工作。",
            "甲；乙",
            "a;b",
            "完善工作机制强化协同配合加强监管执法做好督促检查",
            "x",
            "一二三四五六七八九十一二三四五六七八九十",
            // (four bytes a character: the most a character takes)
            "𠀀𠀁𠀂𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌𠀍𠀎𠀏𠀐𠀑𠀒𠀓",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let texts = [a, b, c, d];
                        let mut seen = BodySeen::default();
                        for t in texts {
                            seen.look(t);
                        }
                        assert_eq!(
                            seen.enough(),
                            enough_counting_everything(&texts),
                            "{texts:?}"
                        );
                    }
                }
            }
        }
    }
}
