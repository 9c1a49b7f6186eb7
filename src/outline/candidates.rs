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
use crate::scan::Words;
use crate::scan::{
    is_han, is_sentence_end, is_space, scan_marker_any, CharFinder, CharSet, Marker, Style,
};
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
    /// A line-start marker whose own line goes on with the next number after `；`
    /// (`（1）甲；（2）乙；`): an enumeration inside one sentence.
    pub enumeration: bool,
}

/// Could this line hold several items? Only if it is long and holds a second item of
/// some numbering: 二、 （二） (二) 第二 貳、 2. 2、 2． （2） (2) ② ㈡ ⒉ or a 2 between spaces.
fn may_be_flattened(t: &str) -> bool {
    t.len() > 120 && has_second_item(t)
}

/// One search each for the digit 2 (memchr) and the numeral 二 (memmem), looking at the
/// neighbours of every hit; one search for the rarer forms.
fn has_second_item(t: &str) -> bool {
    let around = |i: usize, len: usize| {
        let before = t.get(..i).and_then(|s| s.chars().next_back());
        let after = t.get(i + len..).and_then(|s| s.chars().next());
        (before, after)
    };
    let bracketed = |b: Option<char>, a: Option<char>| {
        matches!((b, a), (Some('（'), Some('）')) | (Some('('), Some(')')))
    };
    // (after a 2 must stand . 、 ． ） ) or a space: a 2 followed by another ASCII
    // character, or by a character whose lead byte none of those has (年 is E5), is none)
    let may_follow_two = |b: Option<&u8>| match b {
        Some(&x) if x.is_ascii() => matches!(x, b'.' | b')' | b' ' | b'\t'..=b'\r'),
        Some(&x) => matches!(x, 0xC2 | 0xE1 | 0xE2 | 0xE3 | 0xEF),
        None => false,
    };
    let bytes = t.as_bytes();
    let two = memchr::memchr_iter(b'2', bytes).any(|i| {
        may_follow_two(bytes.get(i + 1))
            && match around(i, 1) {
                (_, Some('.' | '、' | '．')) => true,
                (b, a) if bracketed(b, a) => true,
                (Some(b), Some(a)) => b.is_whitespace() && a.is_whitespace(),
                _ => false,
            }
    });
    static TWO: LazyLock<CharFinder> = LazyLock::new(|| CharFinder::new('二'));
    two || TWO.offsets(t).any(|i| match around(i, '二'.len_utf8()) {
        (_, Some('、')) | (Some('第'), _) => true,
        (b, a) => bracketed(b, a),
    }) || RARE_SECOND_ITEM.is_match(t)
}

/// The rarer second items, searched for together (their bytes are common inside Han
/// text: one memchr pass each would stop at most characters).
static RARE_SECOND_ITEM: LazyLock<Words> = LazyLock::new(|| Words::new(["貳、", "②", "㈡", "⒉"]));

/// The candidates of line `line_idx`, in order: its start, then (for a flattened line
/// that is not one `whole` item) the points inside it.
pub fn of_line(line_idx: usize, l: &Line<'_>, whole: bool, out: &mut Vec<Candidate>) {
    let t = l.text;
    if let Some(m) = scan_marker_any(t) {
        out.push(Candidate {
            line_idx,
            at: 0,
            marker: m,
            boundary: Boundary::LineStart,
            has_body: true,
            enumeration: enumerates(t, &m),
        });
    }
    if !whole && may_be_flattened(t) {
        inline(line_idx, t, out);
    }
}

/// Does the line go on, after a `；`, with the next number of `m`'s style?
fn enumerates(t: &str, m: &Marker) -> bool {
    // (one memchr or memmem search per separator, where a set of two would decode every
    // character)
    static FULL_WIDTH: LazyLock<CharFinder> = LazyLock::new(|| CharFinder::new('；'));
    let next_at = |i: usize, width: usize| {
        t.get(i + width..)
            .map(|r| r.trim_start_matches(is_space))
            .and_then(scan_marker_any)
            .is_some_and(|n| n.style == m.style && n.ordinal == m.ordinal + 1)
    };
    FULL_WIDTH.offsets(t).any(|i| next_at(i, '；'.len_utf8()))
        || memchr::memchr_iter(b';', t.as_bytes()).any(|i| next_at(i, 1))
}

/// Punctuation that ends a heading phrase: after it, no marker is a phrase's child.
fn ends_phrase(c: char) -> bool {
    is_sentence_end(c) || matches!(c, '：' | ':' | '）' | ')' | '”' | '】' | '〕')
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
        || crate::scan::is_cn_numeral_char(c)
}

/// The characters [`inline`] acts on: a possible marker start, a bracket or quote, a
/// space, a sentence end or phrase end, the 附 of 附件. Any other character only becomes
/// the one before the next.
static INLINE_STOPS: LazyLock<CharSet> = LazyLock::new(|| {
    CharSet::of(|c| {
        c == '附'
            || may_start_marker(c)
            || matches!(c, '（' | '(' | '）' | ')' | '“' | '”')
            || is_space(c)
            || is_sentence_end(c)
            || ends_phrase(c)
    })
});

fn inline(line_idx: usize, t: &str, out: &mut Vec<Candidate>) {
    let mut prev: Option<char> = None;
    let mut prev_nonspace: Option<char> = None;
    // brackets and quotes open before this point
    let mut depth: i32 = 0;
    let mut quote: i32 = 0;
    let (mut opened_at, mut quoted_at) = (0usize, 0usize);
    // byte offset after the last punctuation that ends a heading phrase
    let mut phrase_from = 0usize;
    let stops = &*INLINE_STOPS;
    for (i, c) in t.char_indices() {
        if !stops.contains(c) {
            prev = Some(c);
            prev_nonspace = Some(c);
            continue;
        }
        // an annex (附件：1.… / 附件1…) after the body: its numbering is not the outline's
        if c == '附'
            && matches!(prev, Some(p) if is_sentence_end(p) || is_space(p))
            && t.get(i..).is_some_and(|r| r.starts_with("附件"))
        {
            break;
        }
        if i > 0 && depth == 0 && quote == 0 && may_start_marker(c) {
            let boundary = match prev {
                Some(p) if is_sentence_end(p) && !matches!(p, '；' | ';') => Some(Boundary::Break),
                Some(p) if closes_clause(p) => Some(Boundary::Break),
                Some(p) if is_space(p) => prev_nonspace
                    .is_some_and(|q| !q.is_ascii_digit())
                    .then_some(Boundary::Break),
                Some(p) if is_han(p) => Some(Boundary::Phrase),
                Some('，' | '、') => Some(Boundary::Phrase),
                _ => None,
            };
            if let Some(b) = boundary {
                let m = t
                    .get(i..)
                    .and_then(scan_marker_any)
                    .filter(|m| !numeral_run(t.get(i + m.marker_len..).unwrap_or(""), m));
                if let Some(m) = m {
                    let (b, ok) = match b {
                        // 第一章　总则 after a title: a chapter heading is spaced from its text
                        Boundary::Phrase if spaced_chapter(t, i, &m) => (Boundary::Break, true),
                        Boundary::Phrase => (
                            b,
                            after_heading_phrase(t, i, &m, phrase_from, line_idx, out),
                        ),
                        _ => (b, true),
                    };
                    if ok {
                        out.push(Candidate {
                            line_idx,
                            at: i,
                            marker: m,
                            boundary: b,
                            has_body: true,
                            enumeration: false,
                        });
                    }
                }
            }
        }
        match c {
            '（' | '(' => {
                if depth == 0 {
                    opened_at = i;
                }
                depth += 1;
            }
            '）' | ')' => depth = (depth - 1).max(0),
            '“' => {
                if quote == 0 {
                    quoted_at = i;
                }
                quote += 1;
            }
            '”' => quote = (quote - 1).max(0),
            _ => {}
        }
        // a bracket or quote never closed (a typo, a cut page) does not hide the rest of
        // the line: none runs on over a paragraph break, nor over a sentence end more than
        // 600 bytes after it opened
        // a run of ideographic spaces is a paragraph break of a flattened text
        if c == '\u{3000}' && prev == Some('\u{3000}') {
            depth = 0;
            quote = 0;
        }
        if is_sentence_end(c) {
            if depth > 0 && i > opened_at + 600 {
                depth = 0;
            }
            if quote > 0 && i > quoted_at + 600 {
                quote = 0;
            }
        }
        if ends_phrase(c) {
            phrase_from = i + c.len_utf8();
        }
        if !is_space(c) {
            prev_nonspace = Some(c);
        }
        prev = Some(c);
    }
}

/// `二、三产业`, `一、二级`: a run of numerals inside a sentence, not a heading (inside a
/// line only: `三、三农工作` may open a line).
fn numeral_run(after: &str, m: &Marker) -> bool {
    m.style == Style::ChineseComma
        && after
            .chars()
            .next()
            .is_some_and(crate::scan::is_cn_numeral_char)
}

/// A `第X章`/`第X部分`/`第X节` marker followed by a space.
fn spaced_chapter(t: &str, i: usize, m: &Marker) -> bool {
    matches!(m.style, Style::Chapter | Style::Part | Style::Section)
        && t.get(i + m.marker_len..)
            .and_then(|r| r.chars().next())
            .is_some_and(is_space)
}

/// A bracketed or 一、 marker right after the heading phrase of the candidate before it
/// on this line: nothing but words, `，` and `、` between (at most 40 characters).
fn after_heading_phrase(
    t: &str,
    i: usize,
    m: &Marker,
    phrase_from: usize,
    line_idx: usize,
    out: &[Candidate],
) -> bool {
    matches!(
        m.style,
        Style::ParenChinese | Style::ParenArabic | Style::ChineseComma
    ) && out.last().is_some_and(|c| {
        let from = c.at + c.marker.len;
        c.line_idx == line_idx
            && phrase_from <= from
            && t.get(from..i).is_some_and(|s| s.chars().count() <= 40)
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    fn found(t: &str) -> Vec<(&str, Boundary)> {
        let ls = split(t);
        let mut out = Vec::new();
        for (i, l) in ls.iter().enumerate() {
            of_line(i, l, false, &mut out);
        }
        out.iter()
            .map(|c| {
                let l = ls[c.line_idx].text;
                (&l[c.at..c.at + c.marker.marker_len], c.boundary)
            })
            .collect()
    }

    #[test]
    fn second_items_are_found_as_the_pattern_finds_them() {
        let pattern =
            regex::Regex::new(r"二、|（二）|\(二\)|2\.|2、|2．|（2）|\(2\)|②|第二|貳、|㈡|⒉|\s2\s")
                .unwrap();
        let mut texts: Vec<String> = [
            "甲二、乙",
            "（二）",
            "(二)",
            "（二)",
            "第二批",
            "二是",
            "2.5",
            "2、",
            "2．",
            "（2）",
            "(2)",
            "（2)",
            "②",
            "貳、",
            "㈡",
            "⒉",
            "共 2 项",
            "共\u{3000}2\u{3000}项",
            "共2项",
            "2",
            "二",
            "12",
            "x2",
            " 2",
            "2 ",
            "二二、",
            "第二",
            "（二二）",
        ]
        .iter()
        .map(|s| (*s).to_string())
        .collect();
        let seeds = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("seeds");
        for e in std::fs::read_dir(seeds).unwrap() {
            let text = std::fs::read_to_string(e.unwrap().path()).unwrap_or_default();
            texts.extend(text.lines().map(str::to_string));
        }
        for t in &texts {
            assert_eq!(has_second_item(t), pattern.is_match(t), "{t}");
        }
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
        let ls = split(t);
        let mut out = Vec::new();
        of_line(0, &ls[0], false, &mut out);
        assert!(
            !out[0].enumeration,
            "a line-start marker after a lead-in is not an enumeration"
        );
        let t = "（1）甲项工作要求全面落实到位；（2）乙项工作要求全面落实到位。";
        let ls = split(t);
        let mut out = Vec::new();
        of_line(0, &ls[0], false, &mut out);
        assert!(out[0].enumeration);
    }

    #[test]
    fn an_unclosed_bracket_does_not_hide_the_rest_of_the_line() {
        let filler = "加强统筹协调，推进各项工作任务落实落地，确保取得实效。".repeat(12);
        let t = format!("根据规定（ 某政发〔2021〕12号规定，{filler}　　一、总体要求　　{filler}　　二、主要任务　　{filler}");
        let got: Vec<&str> = found(&t).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, vec!["一、", "二、"]);
    }

    #[test]
    fn heading_phrases_chapters_and_annexes() {
        let t = "某某条例第一章　总　　则　　第一条　为了规范管理，制定本条例。　　第二条　本条例适用于全市。\
                 二、完善工作机制，压实各方责任（一）发挥联席会议作用。\
                 附件：1.分级标准　　2.职责分工";
        let got: Vec<&str> = found(t).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, vec!["第一章", "第一条", "第二条", "二、", "（一）"]);
        let t = "一、发展目标到年底全市农业总产值增长百分之五以上并带动农民增收。二、三产业融合发展水平明显提升，农村居民收入持续增加。二、主要任务";
        let got: Vec<&str> = found(t).into_iter().map(|(m, _)| m).collect();
        assert_eq!(got, vec!["一、", "二、"]);
    }
}
