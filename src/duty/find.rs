//! Where clauses stand in an item's text: bracket groups, labelled lines
//! (`牵头单位：X`), responsibility lines of flattened tables (`X牵头落实`).

use super::vocab::*;
use super::{fold, parse, Duty, Lexicon, MAX_BARE_CHARS, MAX_CLAUSE_CHARS};
use std::ops::ControlFlow;
use std::sync::LazyLock;

/// A bracket group: where it ends, whether it was closed, how deep the groups inside it nest.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) struct Group {
    pub(super) end: usize,
    pub(super) closed: bool,
    pub(super) inner_depth: u32,
}

/// Every bracket group of `text` in one linear pass, by the offset of its opener.
/// An unclosed group ends at its paragraph's end (`\n` or the end of the text).
pub(super) fn bracket_groups(text: &str) -> Vec<(usize, Group)> {
    // Only these bytes can begin a bracket or a line break (EF: （）［］, E3: 〔〕【】).
    // With an ASCII bracket in the text every byte is looked at; without one (most
    // Chinese text), a paragraph's brackets are searched for whole, and text with line
    // breaks stops at the lead bytes (memchr).
    #[allow(clippy::indexing_slicing)] // evaluated by the compiler: out of range fails the build
    const LEAD: [bool; 256] = {
        let mut t = [false; 256];
        t[b'\n' as usize] = true;
        t[b'(' as usize] = true;
        t[b')' as usize] = true;
        t[b'[' as usize] = true;
        t[b']' as usize] = true;
        t[0xEF] = true;
        t[0xE3] = true;
        t
    };
    let bytes = text.as_bytes();
    let ascii =
        memchr::memchr3(b'(', b')', b'[', bytes).is_some() || memchr::memchr(b']', bytes).is_some();
    if ascii {
        let lead = |(_, x): &(usize, &u8)| LEAD.get(usize::from(**x)) == Some(&true);
        return groups_at(text, bytes.iter().enumerate().filter(lead).map(|(j, _)| j));
    }
    // A paragraph (no line break): its brackets, found whole
    match (memchr::memchr(b'\n', bytes), &*WIDE_BRACKETS) {
        (None, Some(brackets)) => groups_at(text, brackets.find_iter(bytes).map(|m| m.start())),
        _ => groups_at(text, memchr::memchr3_iter(b'\n', 0xEF, 0xE3, bytes)),
    }
}

/// The full-width and CJK brackets, searched for as whole three-byte sequences: their lead
/// bytes EF and E3 also begin `，：；、。`, which stop a search for the lead byte every few
/// characters. (`None` where the machine has no vector search: the lead bytes are used.)
static WIDE_BRACKETS: LazyLock<Option<aho_corasick::packed::Searcher>> = LazyLock::new(|| {
    aho_corasick::packed::Searcher::new(["（", "）", "［", "］", "〔", "〕", "【", "】"])
});

/// The bracket groups of `text`, given offsets (ascending) that include the first byte of
/// every bracket and line break in it.
fn groups_at(text: &str, candidates: impl Iterator<Item = usize>) -> Vec<(usize, Group)> {
    let mut out = Vec::new();
    // (offset, opener, deepest nesting inside so far)
    let mut stack: Vec<(usize, char, u32)> = Vec::new();
    fn close(
        stack: &mut Vec<(usize, char, u32)>,
        out: &mut Vec<(usize, Group)>,
        end: usize,
        closed: bool,
    ) {
        if let Some((p, _, inner)) = stack.pop() {
            out.push((
                p,
                Group {
                    end,
                    closed,
                    inner_depth: inner,
                },
            ));
            if let Some(parent) = stack.last_mut() {
                parent.2 = parent.2.max(inner + 1);
            }
        }
    }
    let bytes = text.as_bytes();
    for j in candidates {
        // a lead byte is decoded only when the two after it make a bracket (EF is also
        // the lead of ，：；, E3 of 、。)
        let Some(&x) = bytes.get(j) else { continue };
        let tail = (bytes.get(j + 1).copied(), bytes.get(j + 2).copied());
        let bracket = match x {
            0xEF => matches!(tail, (Some(0xBC), Some(0x88 | 0x89 | 0xBB | 0xBD))),
            0xE3 => matches!(tail, (Some(0x80), Some(0x90 | 0x91 | 0x94 | 0x95))),
            _ => true,
        };
        if !bracket {
            continue;
        }
        let Some(d) = text.get(j..).and_then(|s| s.chars().next()) else {
            continue;
        };
        if d == '\n' {
            while !stack.is_empty() {
                close(&mut stack, &mut out, j, false);
            }
        } else if crate::scan::is_open_bracket(d) {
            stack.push((j, d, 0));
        } else if crate::scan::is_close_bracket(d) {
            // the nearest opener this closes (a stray closer of another kind is skipped)
            let top = stack
                .iter()
                .rev()
                .take(4)
                .position(|(_, o, _)| is_closer_for(*o, d));
            if let Some(k) = top {
                for _ in 0..k {
                    close(&mut stack, &mut out, j, false);
                }
                close(&mut stack, &mut out, j + d.len_utf8(), true);
            }
        }
    }
    while !stack.is_empty() {
        close(&mut stack, &mut out, text.len(), false);
    }
    out.sort_unstable_by_key(|g| g.0);
    out
}

/// A clause found in a text.
#[derive(Clone, Debug)]
pub struct Found {
    /// Byte range of the clause (brackets included) in the text.
    pub start: usize,
    /// End of the range.
    pub end: usize,
    /// The clause.
    pub duty: Duty,
    /// The bracket was never closed.
    pub unclosed: bool,
    /// The line is a labelled clause (牵头单位：X) standing on its own.
    pub labelled_line: bool,
}

/// Brackets that mention a role word but do not read as a clause: (start, content).
#[derive(Clone, Debug)]
pub struct Unparsed {
    /// Byte offset of the bracket.
    pub start: usize,
    /// The bracket's content.
    pub content: String,
    /// Why it is not a clause.
    pub why: &'static str,
}

fn is_closer_for(open: char, c: char) -> bool {
    match open {
        '（' | '(' => matches!(c, '）' | ')'),
        '〔' => c == '〕',
        '［' | '[' => matches!(c, '］' | ']'),
        '【' => c == '】',
        _ => false,
    }
}

fn sentence_closed_before(text: &str, at: usize) -> bool {
    let before = text.get(..at).unwrap_or("");
    match before.trim_end().chars().last() {
        None | Some('\n') => true,
        Some(c) => matches!(
            c,
            '。' | '；' | ';' | '！' | '!' | '？' | '?' | '）' | ')' | '：' | ':'
        ),
    }
}

/// Does the sentence end right after the bracket (`…专题节目（市文化广电局）。`)?
fn sentence_closes_after(text: &str, at: usize) -> bool {
    match text.get(at..).unwrap_or("").trim_start().chars().next() {
        None | Some('\n') => true,
        Some(c) => matches!(c, '。' | '；' | ';' | '！' | '!'),
    }
}

/// Labels in lenticular brackets closing a paragraph (`…【牵头单位】市商务局【责任单位】市场
/// 监管局`): where the first one stands, and the clause they make.
/// (Only a text that holds a `【` can hold one: the caller knows whether it does.)
fn bracket_labels(t: &str, lex: &Lexicon, first_leads: bool) -> Option<(usize, Duty)> {
    let folded = fold(t);
    let m = BRACKET_LABEL.find(&folded)?;
    let clause = folded.get(m.start()..)?;
    let as_labels = BRACKET_LABEL.replace_all(clause, "；$1：");
    let d = parse(as_labels.trim_start_matches('；'), lex, first_leads)?;
    (!d.bare).then_some((m.start(), d))
}

/// A line of a flattened task table that names who does the task before it:
/// `市人社局牵头落实`, `市金融局、人民银行某分行分别牵头落实`, `市公安局负责`. Only known
/// units and a role word, nothing else.
fn responsibility_line(t: &str, lex: &Lexicon, first_leads: bool) -> Option<Duty> {
    let body = t.trim_end_matches(['。', '；', ';']);
    let last = body.chars().next_back()?;
    if !matches!(last, '实' | '责' | '头' | '合' | '与' | '施')
        || body.chars().nth(120).is_some()
        || crate::scan::has_any(body, &['。', '（', '(', '：', ':'])
    {
        return None;
    }
    let d = parse(body, lex, first_leads)?;
    (!d.bare && d.doubtful.is_empty()).then_some(d)
}

/// Does the sentence go on after the bracket (`…负责），国务院…`)?
fn mid_sentence(text: &str, at: usize) -> bool {
    text.get(at..)
        .unwrap_or("")
        .chars()
        .next()
        .is_some_and(|c| matches!(c, '，' | ',' | '、'))
}

/// Find every clause in `text` (an item's text; paragraphs separated by `\n`), in order.
pub fn find(
    text: &str,
    lex: &Lexicon,
    first_leads_from: Option<usize>,
    unparsed: &mut Vec<Unparsed>,
) -> Vec<Found> {
    let mut out = Vec::new();
    find_each(text, lex, first_leads_from, unparsed, &mut |f| {
        out.push(f);
        ControlFlow::Continue(())
    });
    out
}

/// Where the first clause of `text` starts (the first that [`find`] gives), read without
/// reading the clauses after it.
pub fn first_clause_at(
    text: &str,
    lex: &Lexicon,
    first_leads_from: Option<usize>,
) -> Option<usize> {
    let mut at = None;
    find_each(text, lex, first_leads_from, &mut Vec::new(), &mut |f| {
        at = Some(f.start);
        ControlFlow::Break(())
    });
    at
}

/// [`find`], giving each clause to `each` as soon as it is read, in order of position, so
/// that an item of many clauses never holds them all (the brackets that are not clauses
/// are in `unparsed` when it returns). `each` may stop the search: what it has been
/// given is then what [`find`] gives first, and nothing after it was read.
///
/// No clause crosses a line break (a bracket left open closes at its paragraph's end),
/// so the text is read a paragraph at a time: its labelled line, if it is one, then its
/// bracketed clauses outside that line.
pub fn find_each(
    text: &str,
    lex: &Lexicon,
    first_leads_from: Option<usize>,
    unparsed: &mut Vec<Unparsed>,
    each: &mut dyn FnMut(Found) -> ControlFlow<()>,
) {
    let first_leads = |at: usize| first_leads_from.is_some_and(|p| at >= p);
    let mut para_start = 0usize;
    for para in crate::scan::split_lines(text) {
        let start = para_start;
        para_start += para.len() + 1;
        let groups = bracket_groups(para);
        // (every bracket opens a group: the paragraph holds a 【 where one opens a group)
        let lenticular = groups
            .iter()
            .any(|(at, _)| para.get(*at..).is_some_and(|r| r.starts_with('【')));
        let mut labelled =
            labelled_line(para, start, lex, first_leads(start), lenticular).map(|mut f| {
                f.duty.resp.raw = text.get(f.start..f.end).unwrap_or("").to_string();
                f
            });
        let inside_label = labelled.as_ref().map(|l| l.start..l.end);
        // (a clause ends where its group ends: the groups inside it are skipped)
        let mut skip_until = 0usize;
        for (at, group) in groups {
            let i = start + at;
            if i < skip_until || inside_label.as_ref().is_some_and(|r| r.contains(&i)) {
                continue;
            }
            let group = Group {
                end: start + group.end,
                ..group
            };
            let Some(found) = bracketed(text, i, group, lex, first_leads(i), unparsed) else {
                continue;
            };
            // a labelled line comes out before the clauses after its start
            if let Some(l) = labelled.take_if(|l| l.start <= i) {
                if each(l).is_break() {
                    return;
                }
            }
            skip_until = found.end;
            if each(found).is_break() {
                return;
            }
        }
        if let Some(l) = labelled {
            if each(l).is_break() {
                return;
            }
        }
    }
}

/// The clause a paragraph (starting at `start` in its text) holds as a labelled line:
/// the whole line (`牵头单位：X`, `X牵头落实`), or a label closing it after a sentence end
/// (…加强监管。责任单位：市商务局). Its `raw` is left for the caller.
/// `lenticular`: the paragraph holds a `【` (a label in lenticular brackets may close it).
fn labelled_line(
    para: &str,
    start: usize,
    lex: &Lexicon,
    first_leads: bool,
    lenticular: bool,
) -> Option<Found> {
    let t = para.trim();
    let lead = para.len() - para.trim_start().len();
    // a clause from `at` (in the trimmed paragraph) to the paragraph's end
    let whole_line = |at: usize, duty: Duty| Found {
        start: start + lead + at,
        end: start + lead + t.len(),
        duty,
        unclosed: false,
        labelled_line: true,
    };
    if let Some((at, d)) = lenticular
        .then(|| bracket_labels(t, lex, first_leads))
        .flatten()
    {
        return Some(whole_line(at, d));
    }
    if let Some(d) = responsibility_line(t, lex, first_leads) {
        return Some(whole_line(0, d));
    }
    // every label ends in 单位/部门/机关/机构 (either script), then spaces and a colon:
    // skip folding otherwise (whether there is a colon at all first: that search stops
    // at the first, and costs less than walking them all on a paragraph with none)
    if !has_colon(t) || !label_before_colon(t) {
        return None;
    }
    // (the folded copy is dropped before the clause is read: a paragraph can be long)
    let at = {
        let folded = fold(t);
        if opens_with_label(&folded) {
            Some(0)
        } else {
            INLINE_LABEL.find(&folded).map(|m| {
                m.end()
                    - m.as_str()
                        .trim_start_matches(['。', '；', ';', ' ', '\u{3000}'])
                        .len()
            })
        }
    }?;
    let clause = t.get(at..).unwrap_or("");
    parse(clause, lex, first_leads).map(|d| whole_line(at, d))
}

/// Has `content` at most [`MAX_BARE_CHARS`] characters, and more than `limit` (never
/// below that)? Its characters are counted only when its bytes do not decide: a content
/// of at most MAX_BARE_CHARS bytes has at most as many characters.
fn char_bounds(content: &str, limit: usize) -> (bool, bool) {
    if content.len() <= MAX_BARE_CHARS {
        return (true, false);
    }
    let n = content.chars().count();
    (n <= MAX_BARE_CHARS, n > limit)
}

/// The clause the bracket group opening at `i` in `text` holds, if it is one; a bracket
/// that names a role but does not read as a clause goes to `unparsed`.
fn bracketed(
    text: &str,
    i: usize,
    group: Group,
    lex: &Lexicon,
    first_leads: bool,
    unparsed: &mut Vec<Unparsed>,
) -> Option<Found> {
    let Group {
        end: group_end,
        closed,
        inner_depth,
    } = group;
    let c = text.get(i..).and_then(|s| s.chars().next())?;
    let open_len = c.len_utf8();
    if inner_depth > 3 {
        // no clause nests brackets this deep; skipping keeps deep nesting linear
        return None;
    }
    let unclosed = !closed;
    let clause_end = group_end;
    let content_end = if closed {
        group_end
            - text
                .get(..group_end)
                .and_then(|s| s.chars().next_back())
                .map_or(0, char::len_utf8)
    } else {
        group_end
    };
    let content = text.get(i + open_len..content_end).unwrap_or("");
    // An unclosed clause is short; bounding it keeps the scan linear.
    let limit = if unclosed {
        MAX_BARE_CHARS
    } else {
        MAX_CLAUSE_CHARS
    };
    if content.len() > limit * 4 {
        return None;
    }
    let (within_bare, over_limit) = char_bounds(content, limit);
    // a bracket without a role word is a clause only if it ends like a unit name
    let keyword = has_role_word(content) || (within_bare && lex.may_end_unit(content.trim_end()));
    if over_limit || !keyword {
        return None;
    }
    let parsed = parse(content, lex, first_leads);
    let rejected: Option<&'static str> = match &parsed {
        Some(d) if d.bare && !d.doubtful.is_empty() => {
            Some("a bracket without a role word names units the lexicon does not know")
        }
        Some(d) if d.bare => (unclosed
            || !(sentence_closed_before(text, i) || sentence_closes_after(text, clause_end)))
        .then_some("a bare list of units that neither follows nor ends a sentence"),
        // a clause ends its sentence: one the sentence goes on after is a parenthesis
        Some(_) => (!unclosed && mid_sentence(text, clause_end))
            .then_some("the sentence goes on after it (a parenthesis, not a clause)"),
        None => Some("its lists do not read as units with a role"),
    };
    if let (None, Some(mut d)) = (rejected, parsed) {
        if unclosed {
            d.repairs
                .push("closing bracket missing at the end of the paragraph".into());
        }
        d.resp.raw = text.get(i..clause_end).unwrap_or("").to_string();
        return Some(Found {
            start: i,
            end: clause_end,
            duty: d,
            unclosed,
            labelled_line: false,
        });
    }
    let role_word = CORE_ROLE_WORDS.iter().any(|w| content.contains(w));
    if role_word && content.chars().count() <= 200 && !unclosed {
        unparsed.push(Unparsed {
            start: i,
            content: content.to_string(),
            why: rejected.unwrap_or("not a clause"),
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // find_each asks the groups whether a paragraph holds a 【: every 【 opens one, in
        // both of bracket_groups' searches (with ASCII brackets in the text and without).
        #[test]
        fn a_paragraph_holds_a_lenticular_bracket_where_one_opens_a_group(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "【", "】", "（", "）", "(", ")", "〔", "〕", "［", "]", "市商务局", "牵头单位", "，", "。",
            ]), 0..30),
        ) {
            let para = pieces.concat();
            let opens = bracket_groups(&para)
                .iter()
                .any(|(at, _)| para.get(*at..).is_some_and(|r| r.starts_with('【')));
            proptest::prop_assert_eq!(opens, para.contains('【'), "{}", para);
        }
    }

    #[test]
    fn lenticular_labels_close_a_paragraph_with_and_without_ascii_brackets() {
        let lex = Lexicon::default();
        for text in [
            "加强监管。【牵头单位】市商务局【责任单位】市公安局",
            "加强监管(试点)。【牵头单位】市商务局【责任单位】市公安局",
        ] {
            let found = find(text, &lex, None, &mut Vec::new());
            let f = found
                .first()
                .unwrap_or_else(|| panic!("no clause in {text}"));
            assert!(f.labelled_line, "{text}");
            assert_eq!(
                text.get(f.start..),
                Some("【牵头单位】市商务局【责任单位】市公安局")
            );
        }
    }

    proptest::proptest! {
        // The colon test is necessary: wherever either label pattern matches the folded
        // paragraph, a label suffix stands before one of its colons.
        #[test]
        fn a_label_the_patterns_read_stands_before_a_colon(
            before in proptest::collection::vec(proptest::sample::select(vec![
                "市商务局", "。", "；", " ", "加强监管",
            ]), 0..3),
            role in proptest::sample::select(vec!["牵头", "责任", "主办", "配合", "加强"]),
            suffix in proptest::sample::select(vec![
                "单位", "部门", "机关", "机构", "單位", "部門", "機關", "機構", "工作",
            ]),
            gap in proptest::sample::select(vec!["", " ", "\u{3000}", " \u{3000}"]),
            colon in proptest::sample::select(vec!["：", ":", "，"]),
            after in proptest::sample::select(vec!["", "市商务局", "：市公安局"]),
        ) {
            let t = format!("{}{role}{suffix}{gap}{colon}{after}", before.concat());
            let folded = fold(&t);
            if opens_with_label(&folded) || INLINE_LABEL.is_match(&folded) {
                proptest::prop_assert!(label_before_colon(&t), "{}", t);
            }
        }
    }

    #[test]
    fn character_bounds_are_the_counted_ones() {
        for unit in ["a", "局", "𠀀"] {
            for k in [0, 1, 199, 200, 201, 599, 600, 601, 602, 2_400, 100_001] {
                let content = unit.repeat(k);
                for limit in [MAX_BARE_CHARS, MAX_CLAUSE_CHARS] {
                    let n = content.chars().count();
                    assert_eq!(
                        char_bounds(&content, limit),
                        (n <= MAX_BARE_CHARS, n > limit),
                        "{unit} x {k}, limit {limit}"
                    );
                }
            }
        }
    }

    /// Labelled lines and bracketed clauses come out in order of position, whichever way
    /// they were found.
    #[test]
    fn clauses_come_in_order_of_position() {
        let text = "加强市场监管（市市场监管局牵头，市公安局配合）。\n\
                    牵头单位：市商务局\n\
                    开展专项整治（市公安局负责）。\n\
                    责任单位：市农业农村局、市林业局\n\
                    完善工作机制（市司法局负责）。";
        let mut unparsed = Vec::new();
        let found = find(text, Lexicon::builtin(), None, &mut unparsed);
        let kinds: Vec<bool> = found.iter().map(|f| f.labelled_line).collect();
        assert_eq!(kinds, [false, true, false, true, false]);
        assert!(found
            .windows(2)
            .all(|w| matches!(w, [a, b] if a.start < b.start)));
        let mut each = Vec::new();
        find_each(text, Lexicon::builtin(), None, &mut Vec::new(), &mut |f| {
            each.push((f.start, f.end, f.duty.resp.raw));
            ControlFlow::Continue(())
        });
        let collected: Vec<_> = found
            .into_iter()
            .map(|f| (f.start, f.end, f.duty.resp.raw))
            .collect();
        assert_eq!(each, collected);
    }

    /// Stopping after the k-th clause leaves the first k that `find` gives; the first
    /// clause's start is the first found's.
    #[test]
    fn a_search_stopped_early_gives_the_first_clauses() {
        let text = "加强市场监管（市市场监管局牵头，市公安局配合）。\n\
                    牵头单位：市商务局\n\
                    开展专项整治（市公安局负责）。\n\
                    责任单位：市农业农村局、市林业局\n\
                    完善工作机制（市司法局负责）。";
        let lex = Lexicon::builtin();
        let all: Vec<usize> = find(text, lex, None, &mut Vec::new())
            .iter()
            .map(|f| f.start)
            .collect();
        assert_eq!(all.len(), 5);
        for k in 1..=all.len() {
            let mut got = Vec::new();
            find_each(text, lex, None, &mut Vec::new(), &mut |f| {
                got.push(f.start);
                if got.len() == k {
                    ControlFlow::Break(())
                } else {
                    ControlFlow::Continue(())
                }
            });
            assert_eq!(got, all.get(..k).unwrap_or_default(), "stopped after {k}");
        }
        assert_eq!(first_clause_at(text, lex, None), all.first().copied());
        assert_eq!(first_clause_at("没有括号的文字。", lex, None), None);
        // a labelled line before every bracketed clause is the first
        let labelled_first = "牵头单位：市商务局\n开展专项整治（市公安局负责）。";
        assert_eq!(first_clause_at(labelled_first, lex, None), Some(0));
    }

    /// Either way of finding the candidates (memchr without ASCII brackets, every byte
    /// with them) gives the groups that looking at every offset gives.
    #[test]
    fn bracket_groups_agree_with_looking_at_every_offset() {
        let pieces = [
            "甲", "（", "）", "(", ")", "[", "]", "〔", "〕", "【", "】", "［", "］", "，", "。",
            "、", "；", "\n", "牵头", "a",
        ];
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c}{a}"));
                }
            }
        }
        texts.push(pieces.iter().cycle().take(500).copied().collect());
        texts.push("（市公安局牵头，〔市检察院〕【配合】）。\n（未闭合，乙".into());
        for t in &texts {
            assert_eq!(bracket_groups(t), groups_at(t, 0..t.len()), "{t:?}");
        }
    }

    #[test]
    fn every_bracket_kind_is_found_among_punctuation_sharing_its_lead_byte() {
        // ，：；、。 share the lead bytes of the full-width and CJK brackets
        let t = "甲，乙：（丙；丁）、〔戊〕。【己】［庚］(辛)[壬]";
        let found: Vec<(&str, bool)> = bracket_groups(t)
            .into_iter()
            .map(|(at, g)| (&t[at..g.end], g.closed))
            .collect();
        assert_eq!(
            found,
            vec![
                ("（丙；丁）", true),
                ("〔戊〕", true),
                ("【己】", true),
                ("［庚］", true),
                ("(辛)", true),
                ("[壬]", true)
            ]
        );
    }
}
