//! Where a heading may start: marker candidates at line starts and, in flattened text,
//! inside a line.
//!
//! ## Inside a line
//! A line long enough to hold several items, and holding a second item of some numbering
//! (二、 （二） 2. ②…), is searched for markers that stand
//! - after a sentence end (`。！？`), a closing bracket (`）】〕`, the end of a clause), a
//!   lead-in colon (`具体措施：1．`) or a run of spaces — [`Boundary::Break`];
//! - right after a short heading phrase with no punctuation at all
//!   (`一、强化目标管理（一）分解…`) — [`Boundary::Phrase`], a bracketed or 一、 marker only.
//!
//! Never inside quotes or brackets (`“两证合一、一站办理”`), never after `；`/`，` (an
//! enumeration inside one sentence: `（1）…；（2）…`). Whether a candidate is a heading is
//! the numbering's decision.

use crate::lines::Line;
use crate::scan::{is_han, is_sentence_end, is_space, scan_marker_any, Marker, Style};
use std::sync::LazyLock;

/// What stands before a candidate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Boundary {
    /// The start of a line.
    LineStart,
    /// A sentence end, a closing bracket, a colon or spaces, inside a line.
    Break,
    /// A short heading phrase without punctuation, inside a line.
    Phrase,
}

/// A place where a heading may start.
#[derive(Clone, Copy, Debug)]
pub struct Candidate {
    /// Index into the document's lines.
    pub line_idx: usize,
    /// Byte offset of the marker in the line's text.
    pub at: usize,
    /// The marker read there.
    pub marker: Marker,
    /// What stands before it.
    pub boundary: Boundary,
    /// The text after it, up to the next candidate, holds a sentence or is long: the
    /// heading has a body (a table of contents entry has none).
    pub has_body: bool,
}

/// A second item of some numbering (二、 （二） (二) 2. 2、 （2） …): a line without one
/// cannot be a flattened list. One pass for all forms.
static SECOND_ITEM: LazyLock<regex::Regex> = LazyLock::new(|| {
    crate::scan::static_regex(r"二、|（二）|\(二\)|2\.|2、|2．|（2）|\(2\)|②|第二|貳、|㈡|⒉|\s2\s")
});

/// Could this line hold several items?
pub fn may_be_flattened(t: &str) -> bool {
    t.len() > 120 && SECOND_ITEM.is_match(t)
}

/// The candidates of line `line_idx`, in order: its start, then (for a flattened line)
/// the points inside it.
pub fn of_line(line_idx: usize, l: &Line<'_>, out: &mut Vec<Candidate>) {
    let t = l.text;
    if let Some(m) = scan_marker_any(t) {
        out.push(Candidate {
            line_idx,
            at: 0,
            marker: m,
            boundary: Boundary::LineStart,
            has_body: true,
        });
    }
    if may_be_flattened(t) {
        inline(line_idx, t, out);
    }
}

fn closes_clause(c: char) -> bool {
    matches!(c, '）' | ')' | '】' | '〕' | '：' | ':')
}

fn may_start_marker(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '（' | '('
                | '第'
                | '０'..='９'
                | '①'..='⑳'
                | '㉑'..='㉟'
                | '㊱'..='㊿'
                | '⑴'..='⒛'
                | '㈠'..='㈩'
                | 'Ⅰ'..='Ⅻ'
        )
        || crate::scan::cn_numeral(c.encode_utf8(&mut [0; 4])).is_some()
}

fn inline(line_idx: usize, t: &str, out: &mut Vec<Candidate>) {
    let mut prev: Option<char> = None;
    let mut prev_nonspace: Option<char> = None;
    // brackets and quotes open before this point
    let mut depth: i32 = 0;
    let mut quote: i32 = 0;
    // byte offset where the last punctuation-free stretch began
    let mut clean_from = 0usize;
    for (i, c) in t.char_indices() {
        if i > 0 && depth == 0 && quote == 0 && may_start_marker(c) {
            let boundary = match prev {
                Some(p) if is_sentence_end(p) && !matches!(p, '；' | ';') => Some(Boundary::Break),
                Some(p) if closes_clause(p) => Some(Boundary::Break),
                Some(p) if is_space(p) => prev_nonspace
                    .is_some_and(|q| !q.is_ascii_digit())
                    .then_some(Boundary::Break),
                Some(p) if is_han(p) => Some(Boundary::Phrase),
                _ => None,
            };
            if let Some(b) = boundary {
                if let Some(m) = t.get(i..).and_then(scan_marker_any) {
                    let phrase_ok = b != Boundary::Phrase
                        || (matches!(
                            m.style,
                            Style::ParenChinese | Style::ParenArabic | Style::ChineseComma
                        ) && t.get(clean_from..i).is_some_and(|s| s.chars().count() <= 30)
                            && out.last().is_some_and(|c| {
                                c.line_idx == line_idx && c.at < clean_from
                                    && clean_from <= c.at + c.marker.len
                            }));
                    if phrase_ok {
                        out.push(Candidate {
                            line_idx,
                            at: i,
                            marker: m,
                            boundary: b,
                            has_body: true,
                        });
                    }
                }
            }
        }
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = (depth - 1).max(0),
            '“' => quote += 1,
            '”' => quote = (quote - 1).max(0),
            _ => {}
        }
        if !(is_han(c) || c.is_alphanumeric()) {
            clean_from = i + c.len_utf8();
        }
        if !is_space(c) {
            prev_nonspace = Some(c);
        }
        prev = Some(c);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    fn found(t: &str) -> Vec<(&str, Boundary)> {
        let ls = split(t);
        let mut out = Vec::new();
        for (i, l) in ls.iter().enumerate() {
            of_line(i, l, &mut out);
        }
        out.iter()
            .map(|c| {
                let l = ls[c.line_idx].text;
                (&l[c.at..c.at + c.marker.marker_len], c.boundary)
            })
            .collect()
    }

    #[test]
    fn flattened_line_candidates() {
        let t = "为做好工作，现提出如下措施。一、强化目标管理（一）分解年度指标，建立季度通报制度。\
                 （市发展改革委牵头，市统计局负责）具体措施：1．印发指标分解方案。（市发展改革委负责）\
                 2．按季度通报。（市统计局负责）（二）推行“两证合一、一站办理”。";
        let got: Vec<&str> = found(t).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, vec!["一、", "（一）", "1．", "2．", "（二）"]);
    }

    #[test]
    fn enumerations_inside_a_sentence_are_not_candidates() {
        let t = "做到以下几点，内容较多需要逐条说明并且持续推进落实工作任务要求：\
                 （1）甲项工作要求全面落实到位；（2）乙项工作要求全面落实到位；（3）丙项工作要求落实。";
        let got: Vec<&str> = found(t).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, vec!["（1）"]);
    }
}
