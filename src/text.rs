//! Paragraph building: joins hard-wrapped lines (PDF extraction, fixed-width pages) into
//! paragraphs, and keeps a map from paragraph offsets back to input lines.
//!
//! ## When two lines are one paragraph
//! Line A and the next line B are joined unless A ends a sentence or a clause
//! (`。；！？：` or a closing bracket). A line ending in `，`/`、`, an opening bracket or
//! with a bracket still open is always joined with the next. Otherwise a blank line
//! between them separates paragraphs — unless the whole document is double-spaced (a blank
//! line after nearly every line), where blank lines carry no meaning. A heading line is
//! joined with the next only when it is visibly cut (it holds sentence punctuation or is
//! at least 20 characters long, or runs on into a sentence); a short heading like `一、总体要求` stands alone. A short
//! body line (under 15 characters) without punctuation also stands alone, and so does a
//! labelled line (`牵头单位：…`).

/// A paragraph and where its pieces came from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Para {
    /// The joined text.
    pub text: String,
    /// `(byte offset in text, 1-based input line)` for each joined piece, ascending.
    pub origins: Vec<(usize, u32)>,
}

impl Para {
    /// The input line at byte offset `at` of the paragraph.
    pub fn line_at(&self, at: usize) -> u32 {
        let k = self.origins.partition_point(|(o, _)| *o <= at);
        self.origins.get(k.saturating_sub(1)).map_or(0, |x| x.1)
    }
}

/// An item's paragraphs as one text (joined with `\n`), its origins shifted to match.
/// (A paragraph's own text holds no line break: its pieces are lines. So the first line
/// of a joined text is its first paragraph.)
pub fn join(paras: &[Para]) -> Para {
    if let [one] = paras {
        return one.clone();
    }
    let mut out = joined_room(paras);
    for (k, p) in paras.iter().enumerate() {
        append_para(&mut out, k, p);
    }
    out
}

/// [`join`], giving up the paragraphs: each is dropped as soon as it is copied, so that a
/// long item's text is not held twice, as its paragraphs and as their join.
pub fn join_owned(mut paras: Vec<Para>) -> Para {
    if paras.len() == 1 {
        return paras.pop().unwrap_or_default();
    }
    let mut out = joined_room(&paras);
    for (k, p) in paras.into_iter().enumerate() {
        append_para(&mut out, k, &p);
    }
    out
}

/// An empty paragraph with room for `paras` joined.
fn joined_room(paras: &[Para]) -> Para {
    let bytes = paras.iter().map(|p| p.text.len() + 1).sum();
    Para {
        text: String::with_capacity(bytes),
        origins: Vec::with_capacity(paras.iter().map(|p| p.origins.len()).sum()),
    }
}

/// Append paragraph `p`, the `k`-th (from 0), to the join `out`.
fn append_para(out: &mut Para, k: usize, p: &Para) {
    if k > 0 {
        out.text.push('\n');
    }
    let base = out.text.len();
    out.origins
        .extend(p.origins.iter().map(|(o, l)| (base + o, *l)));
    out.text.push_str(&p.text);
}

/// One input piece: its line, its text, whether a blank line preceded it.
#[derive(Clone, Copy, Debug)]
pub struct Piece<'a> {
    /// 1-based line number.
    pub line: u32,
    /// Trimmed text.
    pub text: &'a str,
    /// A blank line stands between this piece and the previous one.
    pub blank_before: bool,
    /// This piece is the remainder of a heading line.
    pub heading: bool,
}

fn ends_clause(c: char) -> bool {
    matches!(
        c,
        '。' | '；' | ';' | '！' | '!' | '？' | '?' | '：' | ':' | '）' | ')' | '】' | '〕'
    )
}

/// Depth of round brackets left open after `t`, starting from `depth`.
pub fn depth_after(depth: i32, t: &str) -> i32 {
    // Only `(`, `)` and the lead byte EF of `（` (EF BC 88) and `）` (EF BC 89) matter:
    // memchr skips to them instead of decoding every character.
    let b = t.as_bytes();
    memchr::memchr3_iter(b'(', b')', 0xEF, b).fold(depth, |d, i| {
        match (b.get(i), b.get(i + 1), b.get(i + 2)) {
            (Some(b'('), _, _) | (Some(0xEF), Some(0xBC), Some(0x88)) => d.saturating_add(1),
            (Some(b')'), _, _) | (Some(0xEF), Some(0xBC), Some(0x89)) => (d - 1).max(0),
            _ => d,
        }
    })
}

/// Depth of round brackets left open at the end of `t`.
pub fn open_depth(t: &str) -> i32 {
    depth_after(0, t)
}

/// The state of a paragraph being built, enough to judge the next line in O(1).
#[derive(Clone, Copy, Debug, Default)]
pub struct Tail<'a> {
    /// Last character of the paragraph so far.
    pub last_char: Option<char>,
    /// Brackets still open.
    pub depth: i32,
    /// The last physical piece.
    pub last: &'a str,
    /// The paragraph is so far only a heading line.
    pub heading: bool,
}

/// A labelled line (`牵头单位：…`, `责任部门：…`): it stands alone, never joined.
pub fn is_label_line(t: &str) -> bool {
    // the colon of a label stands within its first seven characters
    let Some(colon) = t
        .char_indices()
        .take(8)
        .find(|(_, c)| matches!(c, '：' | ':'))
        .map(|(i, _)| i)
    else {
        return false;
    };
    let head = t.get(..colon).unwrap_or("");
    head.chars().count() <= 6
        && crate::duty::vocab::LABEL_SUFFIXES
            .iter()
            .any(|w| head.ends_with(w))
}

/// A line that only names who does the task before it (`市人社局牵头落实`,
/// `市金融局、某分行分别牵头落实`): it stands alone, never joined.
pub fn is_role_line(t: &str) -> bool {
    // (the ending first: it reads a few bytes and rules out most lines; a line over 240
    // bytes has over 60 characters, and one of at most 60 bytes cannot)
    crate::duty::vocab::ROLE_LINE_ENDS
        .iter()
        .any(|e| t.ends_with(e))
        && (t.len() <= 60 || (t.len() <= 240 && t.chars().nth(60).is_none()))
        && !crate::scan::has_any(t, &['。', '，', ',', '；', ';', '：', ':', '（', '('])
}

/// Decide whether `b` continues the paragraph whose tail is `a`.
pub fn continues(a: &Tail<'_>, b: &Piece<'_>, double_spaced: bool) -> bool {
    let Some(end) = a.last_char else {
        return a.heading;
    };
    if a.depth == 0
        && (is_label_line(a.last)
            || is_label_line(b.text)
            || is_role_line(a.last)
            || is_role_line(b.text))
    {
        return false;
    }
    if ends_clause(end) && a.depth == 0 {
        return false;
    }
    if a.depth > 0 || matches!(end, '，' | ',' | '、' | '（' | '(' | '“' | '《' | '—') {
        return true;
    }
    if b.blank_before && !double_spaced {
        return false;
    }
    let n = a.last.chars().count();
    if a.heading && !crate::scan::has_any(a.last, &['。', '；', ';', '！', '？']) {
        // a heading line that is not run-in: joined only when visibly cut
        return n >= 20 || crate::scan::has_any(a.last, &['，', '、', '：', ',']);
    }
    n >= 15
}

/// Join pieces into paragraphs. Linear in the input.
pub fn paragraphs(pieces: &[Piece<'_>], double_spaced: bool) -> Vec<Para> {
    // A paragraph's pieces are gathered first and joined once it is complete, so that its
    // text is made at its final size: a long paragraph grown by doubling holds up to twice
    // its size, and leaves its earlier copies to the allocator.
    // (most items are one paragraph: room for one, not the four a first push makes)
    let mut out: Vec<Para> = Vec::with_capacity(1);
    let mut push = |group: &[Piece<'_>]| {
        let para = joined_pieces(group);
        if !para.text.is_empty() {
            out.push(para);
        }
    };
    let mut from: Option<usize> = None;
    let mut tail = Tail::default();
    // The brackets of a piece are counted only when a piece follows it (the depth is read
    // to judge the next piece): the last piece of most items is never counted.
    let mut uncounted: Option<(i32, &str)> = None;
    for (i, p) in pieces.iter().enumerate() {
        if let Some((before, text)) = uncounted.take() {
            tail.depth = depth_after(before, text);
        }
        if from.is_some() && continues(&tail, p, double_spaced) {
            uncounted = Some((tail.depth, p.text));
            tail.heading = false;
            if let Some(c) = p.text.chars().next_back() {
                tail.last_char = Some(c);
            }
        } else {
            if let Some(f) = from {
                push(pieces.get(f..i).unwrap_or_default());
            }
            from = Some(i);
            uncounted = Some((0, p.text));
            tail.heading = p.heading;
            tail.last_char = p.text.chars().next_back();
        }
        tail.last = p.text;
    }
    if let Some(f) = from {
        push(pieces.get(f..).unwrap_or_default());
    }
    out
}

/// One paragraph of `pieces`, in order, with a space where a Latin letter or digit ends
/// one piece and starts the next. (Bytes suffice: a character is an ASCII letter or digit
/// exactly when its one byte is.)
fn joined_pieces(pieces: &[Piece<'_>]) -> Para {
    let alnum = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    // (room for a space at every join: at most one byte a piece more than needed)
    let room = pieces.iter().map(|p| p.text.len() + 1).sum::<usize>();
    let mut para = Para {
        text: String::with_capacity(room),
        origins: Vec::with_capacity(pieces.len()),
    };
    // the last byte of the paragraph so far
    let mut last: Option<u8> = None;
    for p in pieces {
        if alnum(last.as_ref()) && alnum(p.text.as_bytes().first()) {
            para.text.push(' ');
        }
        para.origins.push((para.text.len(), p.line));
        para.text.push_str(p.text);
        last = p.text.as_bytes().last().copied().or(last);
    }
    para
}

/// Remove white space standing between two Han characters (a PDF extraction leaves such
/// spaces inside words where it wrapped or justified a line). Offsets in `origins` follow.
pub fn squeeze_han_spaces(p: &mut Para) {
    if !crate::scan::has_any(&p.text, &[' ', '\u{3000}', '\t']) {
        return;
    }
    let chars: Vec<(usize, char)> = p.text.char_indices().collect();
    let mut out = String::with_capacity(p.text.len());
    let mut map: Vec<(usize, usize)> = Vec::with_capacity(chars.len() + 1); // old → new offset
    let mut k = 0;
    while let Some(&(i, c)) = chars.get(k) {
        map.push((i, out.len()));
        if crate::scan::is_space(c) {
            let mut e = k;
            while chars.get(e).is_some_and(|(_, d)| crate::scan::is_space(*d)) {
                e += 1;
            }
            let before = k
                .checked_sub(1)
                .and_then(|b| chars.get(b))
                .is_some_and(|(_, d)| crate::scan::is_han(*d));
            let after = chars.get(e).is_some_and(|(_, d)| crate::scan::is_han(*d));
            if !(before && after) {
                for (j, d) in chars.get(k..e).unwrap_or(&[]) {
                    map.push((*j, out.len()));
                    out.push(*d);
                }
            } else {
                for (j, _) in chars.get(k..e).unwrap_or(&[]) {
                    map.push((*j, out.len()));
                }
            }
            k = e;
            continue;
        }
        out.push(c);
        k += 1;
    }
    map.push((p.text.len(), out.len()));
    for o in &mut p.origins {
        let at = map.partition_point(|(old, _)| *old < o.0);
        o.0 = map.get(at).map_or(out.len(), |x| x.1);
    }
    p.text = out;
}

/// Does the document put a blank line after nearly every line?
pub fn double_spaced(blank_flags: &[bool]) -> bool {
    let n = blank_flags.len();
    if n < 4 {
        return false;
    }
    let with = blank_flags.iter().filter(|b| **b).count();
    with * 10 >= n * 7
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        // The order of the tests only spares work: a role line is what the three tests in
        // their first order say it is, at every length about the 60-character bound.
        #[test]
        fn a_role_line_is_what_the_tests_in_any_order_say(
            run in 0usize..90,
            filler in proptest::sample::select(vec!["局", "a", "、", "，", "（"]),
            end in proptest::sample::select(vec!["牵头落实", "负责", "配合", "牽頭", "落实", "。"]),
        ) {
            let t = format!("{}{end}", filler.repeat(run));
            let first_order = t.chars().nth(60).is_none()
                && !crate::scan::has_any(&t, &['。', '，', ',', '；', ';', '：', ':', '（', '('])
                && crate::duty::vocab::ROLE_LINE_ENDS.iter().any(|e| t.ends_with(e));
            proptest::prop_assert_eq!(is_role_line(&t), first_order, "{}", t);
        }
    }

    #[test]
    fn a_long_paragraph_is_made_at_its_size() {
        // a paragraph of many pieces (an open bracket joins them all): its text is not left
        // with the room of a string grown by doubling
        let lines: Vec<String> = (0..300).map(|k| format!("（第{k}行的文字继续，")).collect();
        let pieces: Vec<Piece<'_>> = lines
            .iter()
            .enumerate()
            .map(|(k, t)| pc(u32::try_from(k).unwrap_or(0) + 1, t, false, false))
            .collect();
        let paras = paragraphs(&pieces, false);
        assert_eq!(paras.len(), 1);
        let p = &paras[0];
        assert_eq!(p.origins.len(), 300);
        assert!(
            p.text.capacity() <= p.text.len() + pieces.len(),
            "{} > {}",
            p.text.capacity(),
            p.text.len()
        );
    }

    fn pc(line: u32, text: &str, blank_before: bool, heading: bool) -> Piece<'_> {
        Piece {
            line,
            text,
            blank_before,
            heading,
        }
    }

    #[test]
    fn pdf_wraps_join_and_headings_stand_alone() {
        let ps = [
            pc(
                1,
                "开展网售药品违法违规行为专项整治，净化药品网络",
                false,
                true,
            ),
            pc(
                2,
                "销售市场。开展医疗器械治理。（市市场监管局负责）",
                false,
                false,
            ),
        ];
        let v = paragraphs(&ps, false);
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].line_at(v[0].text.find("销售").unwrap_or(0)), 2);

        let ps = [
            pc(1, "总体要求", false, true),
            pc(2, "认真贯彻落实党的二十大精神，推动工作。", false, false),
        ];
        assert_eq!(paragraphs(&ps, false).len(), 2);
    }

    #[test]
    fn open_bracket_joins_across_blank_lines() {
        let ps = [
            pc(
                1,
                "推进重要行业和重点领域使用正版软件。（市委宣传",
                false,
                true,
            ),
            pc(3, "部牵头，市有关成员单位按职责分工负责）", true, false),
        ];
        let v = paragraphs(&ps, false);
        assert_eq!(v.len(), 1);
        assert!(v[0].text.contains("（市委宣传部牵头"));
    }

    /// A piece's brackets count from the depth the pieces before it left, and only a
    /// piece that has another after it is counted: a bracket opened two pieces back keeps
    /// the third joined, one closed in the second lets a blank line end the paragraph.
    #[test]
    fn bracket_depth_carries_over_every_piece_of_a_paragraph() {
        let still_open = [
            pc(1, "推进正版软件使用工作。（市委宣传", false, false),
            pc(2, "部、市网信办", false, false),
            pc(4, "牵头）", true, false),
        ];
        let v = paragraphs(&still_open, false);
        assert_eq!(v.len(), 1, "{v:?}");
        assert!(v[0].text.ends_with("市网信办牵头）"));

        let closed = [
            pc(1, "推进正版软件使用工作。（市委宣传", false, false),
            pc(2, "部牵头）", false, false),
            pc(4, "加强督促检查。", true, false),
        ];
        let v = paragraphs(&closed, false);
        assert_eq!(v.len(), 2, "{v:?}");
        assert_eq!(v[1].text, "加强督促检查。");
    }

    /// Joining given paragraphs makes what joining borrowed ones makes: text, line
    /// breaks between paragraphs, origins shifted; one paragraph is itself.
    #[test]
    fn joining_owned_paragraphs_is_joining_borrowed_ones() {
        let paras = vec![
            Para {
                text: "一、总体要求".into(),
                origins: vec![(0, 3)],
            },
            Para {
                text: "坚持问题导向，突出重点。".into(),
                origins: vec![(0, 4), (18, 5)],
            },
            Para {
                text: "加强协同。".into(),
                origins: vec![(0, 7)],
            },
        ];
        let joined = join_owned(paras.clone());
        assert_eq!(joined, join(&paras));
        assert_eq!(
            joined.text,
            "一、总体要求\n坚持问题导向，突出重点。\n加强协同。"
        );
        assert_eq!(joined.origins, vec![(0, 3), (19, 4), (37, 5), (56, 7)]);
        assert_eq!(joined.line_at(40), 5);
        assert_eq!(
            join_owned(paras.get(1..2).unwrap_or_default().to_vec()),
            paras[1]
        );
        assert_eq!(join_owned(Vec::new()), Para::default());
    }

    #[test]
    fn pdf_spaces_inside_words_go() {
        let mut p = Para {
            text: "加强知识 产权保护 and 2023 年".into(),
            origins: vec![(0, 1), (13, 2)],
        };
        squeeze_han_spaces(&mut p);
        assert_eq!(p.text, "加强知识产权保护 and 2023 年");
        assert_eq!(p.origins, vec![(0, 1), (12, 2)]);
    }

    #[test]
    fn blank_line_separates_unless_double_spaced() {
        let ps = [
            pc(
                1,
                "这是一个没有句号结尾的较长的段落行文字内容",
                false,
                false,
            ),
            pc(3, "下一段。", true, false),
        ];
        assert_eq!(paragraphs(&ps, false).len(), 2);
        assert_eq!(paragraphs(&ps, true).len(), 1);
    }
}
