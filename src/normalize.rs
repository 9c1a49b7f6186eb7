//! Stage 2: normalise the decoded text without adding or removing a line.
//!
//! Line breaks become `\n` (`\r\n`, lone `\r`, U+2028, U+2029, U+0085 each count as one
//! break, as an editor shows them); NUL and other control characters (except tab), a BOM
//! in the middle, zero-width spaces and soft hyphens are removed. HTML left in scraped
//! text is undone: entities (`&nbsp;` `&ldquo;` `&#12288;` …) become their characters and
//! tags (`<p>`, `<br/>`, `<span …>`) are removed, within their line. Nothing else changes:
//! the document keeps its own script, brackets and spaces.

use crate::scan::{pattern, Pattern};
use std::borrow::Cow;

static ENTITY: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"&(?:#(?P<dec>\d{1,7})|#[xX](?P<hex>[0-9a-fA-F]{1,6})|(?P<name>nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|bull|emsp|ensp|thinsp|times|yen|copy|reg));",
    )
});

/// The tag names removed (a pattern's alternation).
const TAG_NAMES: &str =
    "p|br|div|span|b|strong|font|td|th|tr|table|tbody|thead|a|img|h[1-6]|li|ul|ol|em|i|u|center|section|article|sup|sub";

/// The most characters a removed tag holds after its name (its attributes).
const TAG_ATTRIBUTES: usize = 300;

/// An HTML tag of [`TAG_NAMES`] within a line. A match is a tag when its attributes
/// hold at most [`TAG_ATTRIBUTES`] characters ([`tag_within`]): the bound is checked on
/// the match, where as a bounded repetition in the pattern it took 1.5 ms to compile,
/// more than any other pattern of the crate.
static TAG: Pattern =
    pattern!(|| { crate::scan::static_regex(&format!(r"(?i)</?(?:{TAG_NAMES})\b[^<>\n]*?/?>")) });

/// Does a match of [`TAG`] hold at most [`TAG_ATTRIBUTES`] characters between its name
/// and its closing `/>` or `>`? (What `[^<>\n]{0,300}?/?>` would have matched there: the
/// match ends at the first `>` either way, and holds no `<` that could start another.)
fn tag_within(tag: &str) -> bool {
    if tag.len() <= TAG_ATTRIBUTES {
        return true; // (no more characters than bytes)
    }
    let body = tag.strip_prefix('<').unwrap_or(tag);
    let body = body.strip_prefix('/').unwrap_or(body);
    // the name's characters: ASCII, or ſ, which (?i) folds to the s of span, strong …
    let name_end = body
        .find(|c: char| !(c.is_ascii_alphanumeric() || c == 'ſ'))
        .unwrap_or(body.len());
    let rest = body.get(name_end..).unwrap_or("");
    let rest = rest.strip_suffix('>').unwrap_or(rest);
    let rest = rest.strip_suffix('/').unwrap_or(rest);
    rest.chars().count() <= TAG_ATTRIBUTES
}

/// `text` with its HTML tags removed, if it held any.
fn without_tags(text: &str) -> Option<String> {
    TAG.with(|re| {
        let mut out = String::new();
        let mut from = 0;
        for m in re.find_iter(text).filter(|m| tag_within(m.as_str())) {
            out.push_str(text.get(from..m.start()).unwrap_or(""));
            from = m.end();
        }
        (from > 0).then(|| {
            out.push_str(text.get(from..).unwrap_or(""));
            out
        })
    })
}

fn entity(c: &regex::Captures<'_>) -> String {
    if let Some(d) = c.name("dec") {
        return d
            .as_str()
            .parse::<u32>()
            .ok()
            .and_then(char::from_u32)
            .map_or_else(String::new, String::from);
    }
    if let Some(h) = c.name("hex") {
        return u32::from_str_radix(h.as_str(), 16)
            .ok()
            .and_then(char::from_u32)
            .map_or_else(String::new, String::from);
    }
    let s = match c.name("name").map_or("", |m| m.as_str()) {
        "nbsp" | "ensp" | "thinsp" => " ",
        "emsp" => "\u{3000}",
        "amp" => "&",
        "lt" => "<",
        "gt" => ">",
        "quot" => "\"",
        "apos" => "'",
        "ldquo" => "“",
        "rdquo" => "”",
        "lsquo" => "‘",
        "rsquo" => "’",
        "mdash" => "—",
        "ndash" => "–",
        "hellip" => "…",
        "middot" | "bull" => "·",
        "times" => "×",
        "yen" => "¥",
        "copy" => "©",
        "reg" => "®",
        _ => "",
    };
    s.to_string()
}

/// Nothing to change: no control byte but `\n`/`\t`, no C1 control or soft hyphen
/// (`C2 80–9F`, `C2 AD`), no U+200B–200D/U+2028/U+2029 (`E2 80 8B–8D/A8/A9`), no BOM (`EF BB BF`).
fn is_clean(b: &[u8]) -> bool {
    // (C2 and E2 are rare in Chinese text: memchr jumps between them)
    !any_byte(b, control)
        && !memchr::memchr2_iter(0xC2, 0xE2, b).any(|i| change_at(b, i).is_some())
        && memchr::memmem::find(b, "\u{FEFF}".as_bytes()).is_none()
}

/// Does any byte of `b` satisfy `pred`? A branch-free test over blocks, which the
/// compiler vectorises.
fn any_byte(b: &[u8], pred: impl Fn(u8) -> bool) -> bool {
    b.chunks(64)
        .any(|c| c.iter().fold(false, |acc, &x| acc | pred(x)))
}

/// Undo HTML entities and tags left in scraped text (never across a line break).
fn unhtml(text: &str) -> Cow<'_, str> {
    let mut t = Cow::Borrowed(text);
    // (the memchr crate's search: str::contains(char) runs std's word-at-a-time loop)
    let holds = |s: &str, b: u8| memchr::memchr(b, s.as_bytes()).is_some();
    if holds(&t, b'<') {
        if let Some(stripped) = without_tags(&t) {
            t = Cow::Owned(stripped);
        }
    }
    if holds(&t, b'&') && ENTITY.is_match(&t) {
        t = Cow::Owned(
            ENTITY
                .replace_all(&t, |c: &regex::Captures<'_>| entity(c))
                .into_owned(),
        );
    }
    t
}

/// Normalise `text`; the number of lines is preserved.
pub fn normalize(text: String) -> String {
    let text = match unhtml(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(t) => t,
    };
    if is_clean(text.as_bytes()) {
        return text;
    }
    rewrite(&text)
}

/// The normalised copy of `text`: runs without a character to change are copied whole.
/// Every character that changes starts with a control byte or C2, E2, EF, looked at with
/// the two bytes after it (no character decoded: E2 and EF lead most of the punctuation of
/// Chinese text). In a Windows file — CR the only control byte, no C1 control or soft
/// hyphen — the candidates are found with `memchr` (CR, E2, EF); else byte by byte.
fn rewrite(text: &str) -> String {
    let bytes = text.as_bytes();
    let other_controls = any_byte(bytes, |x| control(x) && x != b'\r');
    let c1_or_soft_hyphen = memchr::memchr_iter(0xC2, bytes).any(|i| change_at(bytes, i).is_some());
    if other_controls || c1_or_soft_hyphen {
        let lead = |x: u8| control(x) || matches!(x, 0xC2 | 0xE2 | 0xEF);
        let at = bytes.iter().enumerate().filter(|(_, x)| lead(**x));
        copy_changing(text, at.map(|(k, _)| k))
    } else if memchr::memmem::find(bytes, "\u{FEFF}".as_bytes()).is_none() {
        // (EF leads only the byte-order mark among the characters that change, and most
        // of the full-width punctuation of Chinese text: without a mark, not looked at)
        copy_changing(text, memchr::memchr2_iter(b'\r', 0xE2, bytes))
    } else {
        copy_changing(text, memchr::memchr3_iter(b'\r', 0xE2, 0xEF, bytes))
    }
}

/// `text` with the characters that change at the offsets `candidates` (ascending; every
/// changing character's first byte among them) replaced.
fn copy_changing(text: &str, candidates: impl Iterator<Item = usize>) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let (mut run, mut next) = (0usize, 0usize);
    for at in candidates {
        if at < next {
            continue; // (the line feed of a CR LF)
        }
        let Some((len, by)) = change_at(bytes, at) else {
            continue;
        };
        out.push_str(text.get(run..at).unwrap_or(""));
        out.push_str(by);
        next = at + len;
        run = next;
    }
    out.push_str(text.get(run..).unwrap_or(""));
    out
}

/// A control byte normalising looks at: C0 but line feed and tab, and DEL.
fn control(x: u8) -> bool {
    (x < 0x20 && x != b'\n' && x != b'\t') || x == 0x7F
}

/// The character starting at `at` when it changes: how many bytes it (and a CR's line
/// feed) takes, and what replaces it. CR, CR LF, U+0085, U+2028 and U+2029 become a line
/// feed; other control characters, the soft hyphen, U+200B–200D and the BOM go.
fn change_at(b: &[u8], at: usize) -> Option<(usize, &'static str)> {
    let next = |k: usize| b.get(at + k).copied();
    match (next(0)?, next(1), next(2)) {
        (b'\r', Some(b'\n'), _) => Some((2, "\n")),
        (b'\r', _, _) => Some((1, "\n")),
        (x, _, _) if control(x) => Some((1, "")),
        (0xC2, Some(0x85), _) => Some((2, "\n")),
        (0xC2, Some(0x80..=0x9F | 0xAD), _) => Some((2, "")),
        (0xE2, Some(0x80), Some(0xA8 | 0xA9)) => Some((3, "\n")),
        (0xE2, Some(0x80), Some(0x8B..=0x8D)) => Some((3, "")),
        (0xEF, Some(0xBB), Some(0xBF)) => Some((3, "")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_removed_as_the_pattern_with_its_bound_removes_them() {
        let bounded = regex::Regex::new(&format!(
            r"(?i)</?(?:{TAG_NAMES})\b[^<>\n]{{0,{TAG_ATTRIBUTES}}}?/?>"
        ))
        .expect("compiles");
        let pieces = [
            "<p>",
            "<P class=x>",
            "</div>",
            "<br/>",
            "<br />",
            "<b中>",
            "<span ",
            "x",
            "中",
            ">",
            "<",
            "\n",
            "/",
            "<h7>",
            "<H3 id='a'>",
            "<img src=\"a.png\"/>",
            "<sub>",
            "<ſpan>",
        ];
        let mut seed = 7u64;
        let mut removed = 0;
        for run in [0usize, 1, 298, 299, 300, 301, 302] {
            for _ in 0..400 {
                let mut t = String::new();
                for _ in 0..6 {
                    seed = seed
                        .wrapping_mul(6_364_136_223_846_793_005)
                        .wrapping_add(1_442_695_040_888_963_407);
                    t.push_str(
                        pieces
                            .get((seed >> 33) as usize % pieces.len())
                            .unwrap_or(&""),
                    );
                    match (seed >> 20) % 4 {
                        0 => t.push_str(&"a".repeat(run)),
                        1 => t.push_str(&"中".repeat(run)),
                        _ => {}
                    }
                }
                let want = bounded.replace_all(&t, "");
                let got = without_tags(&t);
                assert_eq!(got.as_deref().unwrap_or(&t), want, "{t}");
                removed += usize::from(got.is_some());
            }
        }
        assert!(removed > 1000, "{removed}");
        // at the bound: 300 characters of attributes are a tag, 301 are not
        for (n, slash) in [(300, ""), (300, "/"), (301, ""), (301, "/")] {
            let t = format!("<span{}{slash}>", " ".repeat(n));
            assert_eq!(without_tags(&t).is_some(), n <= 300, "{n}{slash}");
        }
    }

    /// The normaliser as a character loop: the definition `rewrite` must agree with.
    fn by_chars(text: &str) -> String {
        let mut out = String::new();
        let mut chars = text.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '\r' => {
                    if chars.peek() == Some(&'\n') {
                        chars.next();
                    }
                    out.push('\n');
                }
                '\u{2028}' | '\u{2029}' | '\u{85}' => out.push('\n'),
                '\n' | '\t' => out.push(c),
                '\u{FEFF}' | '\u{200B}' | '\u{200C}' | '\u{200D}' | '\u{AD}' => {}
                c if c.is_control() => {}
                c => out.push(c),
            }
        }
        out
    }

    #[test]
    fn the_run_copier_agrees_with_the_character_loop() {
        let pieces = [
            "甲",
            "\r\n",
            "\r",
            "\n",
            "\t",
            "\u{2028}",
            "\u{2029}",
            "\u{85}",
            "\u{FEFF}",
            "\u{200B}",
            "\u{200D}",
            "\u{200E}",
            "\u{AD}",
            "\u{A0}",
            "\u{7F}",
            "\u{9F}",
            "\0",
            "\u{1B}",
            "，",
            "\u{2014}",
            "\u{FF0C}",
            "a",
            "é",
            "\u{20000}",
            "·",
            "\u{80}",
            "“",
            "\u{2027}",
            "\u{FEFE}",
            "\u{FFFD}",
        ];
        // every pair and triple of pieces, and a long mixed text
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    let t = format!("{a}{b}{c}");
                    assert_eq!(rewrite(&t), by_chars(&t), "{t:?}");
                }
            }
        }
        let long: String = (0..2000)
            .map(|k| pieces[(k * 7 + k / 3) % pieces.len()])
            .collect();
        assert_eq!(rewrite(&long), by_chars(&long));
        // the same without the rarer bytes (a Windows file: CR, quotes, full-width marks)
        let windows: String = long
            .chars()
            .filter(|c| (*c as u32) >= 0x100 || !c.is_control() || matches!(c, '\r' | '\n' | '\t'))
            .filter(|c| !matches!(*c as u32, 0x80..=0xBF))
            .collect();
        assert!(windows.contains('\r') && windows.contains('\u{2028}'));
        assert_eq!(rewrite(&windows), by_chars(&windows));
        // and without a byte-order mark (EF then leads nothing that changes)
        let unmarked: String = windows.chars().filter(|c| *c != '\u{FEFF}').collect();
        assert!(unmarked.contains('\r') && unmarked.contains('\u{FF0C}'));
        assert_eq!(rewrite(&unmarked), by_chars(&unmarked));
    }

    #[test]
    fn line_breaks_are_kept_one_for_one() {
        let s = "a\r\nb\rc\u{2028}d\ne";
        assert_eq!(normalize(s.to_string()), "a\nb\nc\nd\ne");
    }

    #[test]
    fn html_residue_is_undone_within_lines() {
        let s = "<p>一、总体要求&nbsp;</p>\n&ldquo;剑网&rdquo;行动&#12290;<br/>\nA &amp; B";
        assert_eq!(
            normalize(s.to_string()),
            "一、总体要求 \n“剑网”行动。\nA & B"
        );
        assert_eq!(normalize("x<y 与 a>b".into()), "x<y 与 a>b");
    }

    #[test]
    fn clean_text_takes_the_fast_path_and_dirty_text_does_not() {
        assert!(is_clean("一、总体要求\n“剑网”行动。\tA".as_bytes()));
        for dirty in [
            "a\rb",
            "a\u{0}b",
            "a\u{85}b",
            "a\u{AD}b",
            "a\u{200B}b",
            "a\u{2028}b",
            "a\u{FEFF}b",
            "a\u{7F}b",
        ] {
            assert!(!is_clean(dirty.as_bytes()), "{dirty:?}");
        }
    }

    #[test]
    fn junk_is_removed() {
        assert_eq!(
            normalize("一\u{0}、\u{FEFF}总体\u{200B}要求\u{c}".into()),
            "一、总体要求"
        );
    }
}
