//! Pure recognisers over `&str`: heading markers, numerals, punctuation classes.
//!
//! Every scanner looks at its input and returns what it recognised together with the
//! number of **bytes** it consumed; none allocates, none panics, and all arithmetic on
//! numerals is overflow-safe (`checked_*`).
//!
//! ## Grammar of heading markers
//!
//! | style            | forms (full- and half-width alike)            |
//! |------------------|-----------------------------------------------|
//! | `chinese_comma`  | `一、` `十三、` (also `一．` `一.`)            |
//! | `formal_comma`   | `壹、` `貳、` (Taiwan)                          |
//! | `roman`          | `Ⅰ、` `Ⅱ.` (Roman numeral characters)         |
//! | `paren_chinese`  | `（一）` `(一)` `（一)`                         |
//! | `arabic_dot`     | `1.` `1．` `1、` — never `1.5` or `1、2月`      |
//! | `arabic_paren`   | `1）` `1)`                                     |
//! | `paren_arabic`   | `（1）` `(1)` `⑴`                              |
//! | `circled`        | `①` … `㊿`                                     |
//! | `part`/`chapter`/`section`/`article` | `第一部分` `第一章` `第一节` `第一条` |
//! | `decimal`        | `1　总则` `1.2　等级划分` `2.1.3　成员单位` (a space after) |
//!
//! [`scan_marker`] returns only markers whose form alone is enough. [`scan_marker_any`]
//! also returns *weak* forms that the outline accepts only when the numbering confirms
//! them: an arabic marker followed by a digit (`1.2025年底前`, `2.12345热线`), and a bare
//! number before a space (`1　总则`, the top level of a decimal outline).

use serde::{Deserialize, Serialize};
use std::sync::LazyLock;

/// Compile a pattern written in this crate's source. The patterns are constants, each
/// forced by a unit test, so a failure here is a bug in the crate, never in the input.
#[allow(clippy::expect_used)]
pub(crate) fn static_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern).expect("a pattern of the crate's own source compiles")
}

/// A set of words searched for together: does a text hold any of them?
///
/// A regex of nothing but alternated words finds them with a vector search (Teddy), but
/// pays the regex's fixed cost at each search — its cache taken from a pool, the search
/// set up for every engine it might need — which on the short texts of the clause reader
/// was about half the time of a search. aho-corasick's packed searcher is that vector
/// search alone, and needs no cache (one serves every thread). Where the machine has no
/// vector search, its automaton does the work (not the default one for every machine:
/// that one skips ahead on bytes rare in English text, which are most bytes of Han text).
pub(crate) enum Words {
    Packed(aho_corasick::packed::Searcher),
    Automaton(aho_corasick::AhoCorasick),
}

impl Words {
    /// The searcher for `words` (the crate's own constants: building cannot fail on them,
    /// and each set is forced by a unit test).
    #[allow(clippy::expect_used)]
    pub(crate) fn new<W: AsRef<[u8]>>(words: impl IntoIterator<Item = W> + Clone) -> Self {
        match aho_corasick::packed::Searcher::new(words.clone()) {
            Some(s) => Words::Packed(s),
            None => Words::Automaton(
                aho_corasick::AhoCorasick::new(words)
                    .expect("a word list of the crate's own source builds"),
            ),
        }
    }

    /// Does `haystack` hold one of the words?
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        match self {
            Words::Packed(s) => s.find(haystack).is_some(),
            Words::Automaton(a) => a.is_match(haystack),
        }
    }
}

/// A pattern of the parse path: compiled once, searched through each thread's own handle.
///
/// A `Regex` keeps its search caches in a pool whose fast path belongs to the first thread
/// that searched; every other thread locks the pool and takes a cache off a stack for each
/// search, so a batch on two threads paid that on about half of its searches (several
/// hundred thousand on a 40 MB archive). A clone shares the compiled program and brings
/// its own pool: each thread here searches its own clone, made at its first search.
/// Declared with [`pattern!`].
pub(crate) struct Pattern {
    local: &'static std::thread::LocalKey<regex::Regex>,
}

impl Pattern {
    /// (For [`pattern!`].)
    pub(crate) const fn new(local: &'static std::thread::LocalKey<regex::Regex>) -> Self {
        Pattern { local }
    }

    /// Run `f` with this thread's handle on the regex (for iterators, which borrow it).
    pub(crate) fn with<R>(&self, f: impl FnOnce(&regex::Regex) -> R) -> R {
        self.local.with(f)
    }

    /// [`regex::Regex::is_match`].
    pub(crate) fn is_match(&self, haystack: &str) -> bool {
        self.with(|re| re.is_match(haystack))
    }

    /// [`regex::Regex::find`].
    pub(crate) fn find<'h>(&self, haystack: &'h str) -> Option<regex::Match<'h>> {
        self.with(|re| re.find(haystack))
    }

    /// [`regex::Regex::captures`].
    pub(crate) fn captures<'h>(&self, haystack: &'h str) -> Option<regex::Captures<'h>> {
        self.with(|re| re.captures(haystack))
    }

    /// [`regex::Regex::captures_at`].
    pub(crate) fn captures_at<'h>(
        &self,
        haystack: &'h str,
        start: usize,
    ) -> Option<regex::Captures<'h>> {
        self.with(|re| re.captures_at(haystack, start))
    }

    /// [`regex::Regex::replace`].
    pub(crate) fn replace<'h>(
        &self,
        haystack: &'h str,
        rep: impl regex::Replacer,
    ) -> std::borrow::Cow<'h, str> {
        self.with(|re| re.replace(haystack, rep))
    }

    /// [`regex::Regex::replace_all`].
    pub(crate) fn replace_all<'h>(
        &self,
        haystack: &'h str,
        rep: impl regex::Replacer,
    ) -> std::borrow::Cow<'h, str> {
        self.with(|re| re.replace_all(haystack, rep))
    }
}

/// `pattern!(|| static_regex(…))`: a [`Pattern`] whose regex the closure compiles, once for
/// the process, at its first search.
macro_rules! pattern {
    ($compile:expr) => {{
        static SHARED: std::sync::LazyLock<regex::Regex> = std::sync::LazyLock::new($compile);
        thread_local! {
            static LOCAL: regex::Regex = SHARED.clone();
        }
        $crate::scan::Pattern::new(&LOCAL)
    }};
}
pub(crate) use pattern;

/// The numbering style of a heading marker.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Style {
    /// 第一部分
    Part,
    /// 第一章
    Chapter,
    /// 第一节
    Section,
    /// 第一条
    Article,
    /// 一、
    ChineseComma,
    /// 壹、
    FormalComma,
    /// Ⅰ、 (Roman numeral characters)
    Roman,
    /// （一）
    ParenChinese,
    /// 1.  1．  1、
    ArabicDot,
    /// 1）
    ArabicParen,
    /// （1）  ⑴
    ParenArabic,
    /// ①
    Circled,
    /// 1　 1.1　 1.2.1　 (decimal outline; the level is the number of components)
    Decimal,
}

impl Style {
    /// The snake_case name used in the output.
    pub fn name(self) -> &'static str {
        match self {
            Style::Part => "part",
            Style::Chapter => "chapter",
            Style::Section => "section",
            Style::Article => "article",
            Style::ChineseComma => "chinese_comma",
            Style::FormalComma => "formal_comma",
            Style::Roman => "roman",
            Style::ParenChinese => "paren_chinese",
            Style::ArabicDot => "arabic_dot",
            Style::ArabicParen => "arabic_paren",
            Style::ParenArabic => "paren_arabic",
            Style::Circled => "circled",
            Style::Decimal => "decimal",
        }
    }

    /// Conventional rank (GB/T 9704-2012 §7.3.3 and common practice; Taiwan's 壹、 above 一、):
    /// smaller is higher.
    pub fn rank(self) -> u8 {
        match self {
            Style::Part => 0,
            Style::Chapter => 1,
            Style::Section => 2,
            Style::Article => 3,
            Style::FormalComma | Style::Roman | Style::Decimal => 4,
            Style::ChineseComma => 5,
            Style::ParenChinese => 6,
            Style::ArabicDot => 7,
            Style::ArabicParen => 8,
            Style::ParenArabic => 9,
            Style::Circled => 10,
        }
    }
}

/// A heading marker found at the start of a string.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Marker {
    /// Numbering style.
    pub style: Style,
    /// The number as written.
    pub ordinal: u32,
    /// Bytes consumed, including any space after the marker.
    pub len: usize,
    /// Bytes of the marker proper (no trailing space).
    pub marker_len: usize,
    /// The form alone is not enough: the numbering must confirm it (see [`scan_marker_any`]).
    pub weak: bool,
    /// Components of a decimal marker (`2.1.3` → 3); 1 for every other style.
    pub depth: u8,
    /// The component before the last of a decimal marker (`2.1.3` → 1), its parent's ordinal.
    pub parent_ordinal: u32,
}

/// Value of a simplified/traditional Chinese digit, or of a formal (大写) digit.
fn cn_digit(c: char) -> Option<u32> {
    Some(match c {
        '零' | '〇' | '○' | 'Ｏ' => 0,
        '一' | '壹' => 1,
        '二' | '两' | '兩' | '贰' | '貳' => 2,
        '三' | '叁' | '參' | '叄' => 3,
        '四' | '肆' => 4,
        '五' | '伍' => 5,
        '六' | '陆' | '陸' => 6,
        '七' | '柒' => 7,
        '八' | '捌' => 8,
        '九' | '玖' => 9,
        _ => return None,
    })
}

/// Can `c` be part of a Chinese numeral (一 … 九, 十, 百, 〇, formal digits)?
pub fn is_cn_numeral_char(c: char) -> bool {
    cn_digit(c).is_some() || cn_unit(c).is_some()
}

fn cn_unit(c: char) -> Option<u32> {
    match c {
        '十' | '拾' => Some(10),
        '百' | '佰' => Some(100),
        _ => None,
    }
}

fn is_formal(c: char) -> bool {
    matches!(
        c,
        '壹' | '贰'
            | '貳'
            | '叁'
            | '參'
            | '叄'
            | '肆'
            | '伍'
            | '陆'
            | '陸'
            | '柒'
            | '捌'
            | '玖'
            | '拾'
            | '佰'
    )
}

/// Parse a Chinese numeral (一 … 九百九十九, 〇-style digit strings too) at the start of `s`.
/// Returns the value, the bytes consumed, and whether formal (大写) digits were used.
pub fn cn_numeral(s: &str) -> Option<(u32, usize, bool)> {
    let mut total: u32 = 0;
    let mut pending: Option<u32> = None;
    let mut used = 0usize;
    let mut formal = false;
    let mut any = false;
    let mut last_unit = 1000u32;
    let mut digit_run = 0u32; // for 〇-style positional strings like 二〇二三
    for c in s.chars() {
        if let Some(d) = cn_digit(c) {
            if pending.is_some() {
                // two digits in a row: positional (二〇二三) form
                digit_run += 1;
                let p = pending.unwrap_or(0);
                pending = Some(p.checked_mul(10)?.checked_add(d)?);
            } else {
                pending = Some(d);
                digit_run = 1;
            }
        } else if let Some(u) = cn_unit(c) {
            if u >= last_unit || digit_run > 1 {
                break;
            }
            let d = pending.take().unwrap_or(1);
            total = total.checked_add(d.checked_mul(u)?)?;
            last_unit = u;
            digit_run = 0;
        } else {
            break;
        }
        formal |= is_formal(c);
        any = true;
        used += c.len_utf8();
    }
    if !any {
        return None;
    }
    if let Some(p) = pending {
        total = total.checked_add(p)?;
    }
    Some((total, used, formal))
}

/// Parse ASCII or full-width digits at the start of `s`: (value, bytes consumed, digit count).
pub fn arabic(s: &str) -> Option<(u32, usize, usize)> {
    let mut v: u32 = 0;
    let mut used = 0;
    let mut n = 0;
    for c in s.chars() {
        let d = match c {
            '0'..='9' => c as u32 - '0' as u32,
            '０'..='９' => c as u32 - '０' as u32,
            _ => break,
        };
        v = v.checked_mul(10)?.checked_add(d)?;
        used += c.len_utf8();
        n += 1;
        if n > 6 {
            return None;
        }
    }
    (n > 0).then_some((v, used, n))
}

/// Is `c` an ASCII or full-width digit?
pub fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Opening round bracket, full- or half-width.
pub fn is_open_paren(c: char) -> bool {
    matches!(c, '（' | '(')
}

/// Closing round bracket, full- or half-width.
pub fn is_close_paren(c: char) -> bool {
    matches!(c, '）' | ')')
}

/// Any opening bracket a clause may use.
pub fn is_open_bracket(c: char) -> bool {
    matches!(c, '（' | '(' | '〔' | '［' | '[' | '【')
}

/// Any closing bracket a clause may use.
pub fn is_close_bracket(c: char) -> bool {
    matches!(c, '）' | ')' | '〕' | '］' | ']' | '】')
}

/// Sentence-ending punctuation (the end of a title).
pub fn is_sentence_end(c: char) -> bool {
    matches!(c, '。' | '；' | ';' | '！' | '!' | '？' | '?')
}

/// White space including the ideographic space and NBSP.
pub fn is_space(c: char) -> bool {
    // (no white space lies above U+3000, where Han text is: most characters are ruled out
    // by one comparison)
    if c.is_ascii() {
        return matches!(c, ' ' | '\t'..='\r');
    }
    c <= '\u{3000}' && (c == '\u{3000}' || c == '\u{a0}' || c.is_whitespace())
}

/// The pieces of `t` between line feeds, as `t.split('\n')` gives them, found with the
/// memchr crate (std's `split` runs a word-at-a-time search).
pub fn split_lines(t: &str) -> impl Iterator<Item = &str> + '_ {
    let mut from = 0usize;
    memchr::memchr_iter(b'\n', t.as_bytes())
        .chain(std::iter::once(t.len()))
        .map(move |end| {
            let piece = t.get(from..end).unwrap_or("");
            from = end + 1;
            piece
        })
}

/// A searcher for one character, built once (a `static`) and used on many texts: the
/// byte offsets of its character in a text, in order. For a CJK mark this beats
/// `str::match_indices`, whose last-byte search stops every few Han characters (see
/// [`contains_char`]); building the searcher per text cost more than most searches.
pub struct CharFinder {
    c: char,
    width: usize,
    finder: memchr::memmem::Finder<'static>,
}

impl CharFinder {
    /// The searcher for `c`.
    #[must_use]
    pub fn new(c: char) -> CharFinder {
        let mut buf = [0u8; 4];
        let finder = memchr::memmem::Finder::new(c.encode_utf8(&mut buf).as_bytes()).into_owned();
        CharFinder {
            c,
            width: c.len_utf8(),
            finder,
        }
    }

    /// Byte offsets of the character in `t`, in order.
    pub fn offsets<'a>(&'a self, t: &'a str) -> impl Iterator<Item = usize> + 'a {
        let mut at = 0usize;
        std::iter::from_fn(move || {
            let i = at + self.finder.find(t.as_bytes().get(at..)?)?;
            at = i + self.width;
            Some(i)
        })
    }
}

/// Where two ideographic spaces (U+3000 U+3000) first stand in `t`: a paragraph break of
/// a flattened text.
///
/// The two spaces are the bytes E3 80 80 E3 80 80. A searcher for all six looks first for
/// a pair of its bytes, and for this needle the pair it takes is E3 80 — the opening of
/// every CJK punctuation mark (`。、《》〔〕`), which stand every few characters. The last
/// four bytes, 80 E3 80 80, are looked for instead: their pair is 80 E3 (a character
/// ending in byte 80 before a punctuation mark: rare), and a hit is a double space where
/// the two bytes before it are E3 80. The first such hit is the first double space.
pub fn find_double_ideographic_space(t: &str) -> Option<usize> {
    static TAIL: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(b"\x80\xE3\x80\x80"));
    let b = t.as_bytes();
    // (hits may overlap: 一 then two spaces holds the four bytes at 一's last byte and
    // again at the first space's)
    let mut from = 0usize;
    loop {
        let hit = from + TAIL.find(b.get(from..)?)?;
        if hit >= 2 && b.get(hit - 2..hit) == Some(&[0xE3, 0x80][..]) {
            return Some(hit - 2);
        }
        from = hit + 1;
    }
}

/// A set of characters of the Basic Multilingual Plane, tested with one bit each: for
/// loops over every character of a text that act on a few (brackets, markers, spaces)
/// and pass over the rest. Characters beyond the BMP are never in a set.
pub struct CharSet(Box<[u64; 1024]>);

impl CharSet {
    /// The BMP characters for which `pred` holds (65,536 tests, once).
    pub fn of(pred: impl Fn(char) -> bool) -> CharSet {
        let mut bits = Box::new([0u64; 1024]);
        for (word, slot) in bits.iter_mut().enumerate() {
            for bit in 0..64u32 {
                let code = u32::try_from(word).unwrap_or(0) * 64 + bit;
                if char::from_u32(code).is_some_and(&pred) {
                    *slot |= 1 << bit;
                }
            }
        }
        CharSet(bits)
    }

    /// The BMP characters among `chars`.
    pub fn from_chars(chars: impl IntoIterator<Item = char>) -> CharSet {
        let mut bits = Box::new([0u64; 1024]);
        for c in chars {
            let u = c as u32;
            if let Some(w) = bits.get_mut((u >> 6) as usize) {
                *w |= 1 << (u & 63);
            }
        }
        CharSet(bits)
    }

    /// Is `c` in the set?
    #[inline]
    #[must_use]
    pub fn contains(&self, c: char) -> bool {
        let u = c as u32;
        self.0
            .get((u >> 6) as usize)
            .is_some_and(|w| w & (1 << (u & 63)) != 0)
    }
}

/// `char::is_numeric` (a digit or numeric character of any script), answered without the
/// Unicode table for the characters of Chinese text: ASCII, the CJK Unified Ideographs,
/// none of which is numeric by category (一 is a letter), and the punctuation blocks
/// around them (〇 is numeric, and so answered).
#[must_use]
pub fn is_numeric(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_digit();
    }
    match c as u32 {
        0x4E00..=0x9FFF => false,
        // the punctuation a line of Chinese text most often opens or ends with: general
        // punctuation (— “ ” …), CJK punctuation (。、 and the numerals 〇 〡–〩 〸–〺),
        // and the full-width forms (（）， and the digits ０–９)
        0x2000..=0x206F => false,
        0x3000..=0x303F => matches!(c as u32, 0x3007 | 0x3021..=0x3029 | 0x3038..=0x303A),
        0xFF00..=0xFFEF => (0xFF10..=0xFF19).contains(&(c as u32)),
        _ => c.is_numeric(),
    }
}

/// Is `c` a Han ideograph (CJK Unified Ideographs, Extension A, Compatibility)?
pub fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

fn skip_spaces(s: &str) -> usize {
    s.char_indices()
        .find(|&(_, c)| !is_space(c))
        .map_or(s.len(), |(i, _)| i)
}

fn first_char(s: &str) -> Option<char> {
    s.chars().next()
}

fn finish(style: Style, ordinal: u32, marker_len: usize, s: &str) -> Option<Marker> {
    let rest = s.get(marker_len..)?;
    Some(Marker {
        style,
        ordinal,
        marker_len,
        len: marker_len + skip_spaces(rest),
        weak: false,
        depth: 1,
        parent_ordinal: 0,
    })
}

/// Recognise a heading marker whose form alone is enough, at the very start of `s`
/// (no leading space allowed).
///
/// This only recognises the *form*; whether the marker really opens a heading is the
/// outline's decision (ordinal sequence, position, context).
pub fn scan_marker(s: &str) -> Option<Marker> {
    scan_marker_any(s).filter(|m| !m.weak)
}

/// Like [`scan_marker`], and also the weak forms the numbering must confirm: an arabic
/// marker followed by a digit (`3．2020年底前`) and a bare number before a space (`1　总则`).
pub fn scan_marker_any(s: &str) -> Option<Marker> {
    let c = first_char(s)?;
    if is_digit(c) {
        if let Some(m) = scan_decimal(s) {
            return Some(m);
        }
    }
    scan_form(s)
}

fn scan_form(s: &str) -> Option<Marker> {
    let c = first_char(s)?;
    match c {
        '（' | '(' => scan_paren(s, c.len_utf8()),
        '第' => scan_di(s),
        '①'..='⑳' => finish(Style::Circled, c as u32 - '①' as u32 + 1, c.len_utf8(), s),
        '㉑'..='㉟' => finish(Style::Circled, c as u32 - '㉑' as u32 + 21, c.len_utf8(), s),
        '㊱'..='㊿' => finish(Style::Circled, c as u32 - '㊱' as u32 + 36, c.len_utf8(), s),
        '⑴'..='⒇' => finish(
            Style::ParenArabic,
            c as u32 - '⑴' as u32 + 1,
            c.len_utf8(),
            s,
        ),
        _ if is_digit(c) => scan_arabic(s),
        'Ⅰ'..='Ⅻ' | 'ⅰ'..='ⅻ' => {
            let base = if c >= 'ⅰ' { 'ⅰ' } else { 'Ⅰ' };
            let after = s.get(c.len_utf8()..).and_then(|r| r.chars().next());
            match after {
                Some(sep @ ('、' | '.' | '．' | ' ' | '\u{3000}')) => finish(
                    Style::Roman,
                    c as u32 - base as u32 + 1,
                    c.len_utf8()
                        + if sep == ' ' || sep == '\u{3000}' {
                            0
                        } else {
                            sep.len_utf8()
                        },
                    s,
                ),
                _ => None,
            }
        }
        '⒈'..='⒛' => finish(Style::ArabicDot, c as u32 - '⒈' as u32 + 1, c.len_utf8(), s),
        '㈠'..='㈩' => finish(
            Style::ParenChinese,
            c as u32 - '㈠' as u32 + 1,
            c.len_utf8(),
            s,
        ),
        _ => scan_cn_comma(s),
    }
}

/// Is `s` one pinyin syllable, as web converters put after a character (`jīng`, `yī`)?
pub fn is_pinyin(s: &str) -> bool {
    let n = s.chars().count();
    (1..=7).contains(&n)
        && s.chars()
            .all(|c| c.is_ascii_lowercase() || ('\u{e0}'..='\u{24f}').contains(&c))
}

/// Bytes of a pinyin residue bracket a web converter put after a character (`(yī)`).
fn pinyin_residue(s: &str) -> usize {
    let Some(inner) = s.strip_prefix('(').or_else(|| s.strip_prefix('（')) else {
        return 0;
    };
    let close = inner.find([')', '）']);
    let Some(close) = close else { return 0 };
    if !is_pinyin(inner.get(..close).unwrap_or("")) {
        return 0;
    }
    let open = s.len() - inner.len();
    let close_len = inner
        .get(close..)
        .and_then(first_char)
        .map_or(1, char::len_utf8);
    open + close + close_len
}

fn scan_cn_comma(s: &str) -> Option<Marker> {
    let (n, used0, formal) = cn_numeral(s)?;
    // 一(yī)、: converter residue between the numeral and its comma
    let used0 = used0 + s.get(used0..).map_or(0, pinyin_residue);
    // a PDF extraction may put a space before the 、: 一 、总体要求
    let used = used0
        + s.get(used0..)
            .map_or(0, |r| {
                r.len() - r.trim_start_matches([' ', '\u{3000}']).len()
            })
            .min(3);
    let rest = s.get(used..)?;
    let sep = first_char(rest)?;
    let ok = match sep {
        '、' => true,
        '．' | '.' => {
            // 一.总体要求 — but not 一.5
            rest.get(sep.len_utf8()..)
                .and_then(first_char)
                .is_some_and(|c| !is_digit(c))
        }
        _ => false,
    };
    if !ok || n == 0 {
        return None;
    }
    let style = if formal {
        Style::FormalComma
    } else {
        Style::ChineseComma
    };
    finish(style, n, used + sep.len_utf8(), s)
}

fn scan_arabic(s: &str) -> Option<Marker> {
    let (n, used, digits) = arabic(s)?;
    if n == 0 || digits > 3 {
        return None;
    }
    let rest = s.get(used..)?;
    let sep = first_char(rest)?;
    let after = rest.get(sep.len_utf8()..).unwrap_or("");
    let next = first_char(after);
    let mut weak = false;
    let style = match sep {
        '.' | '．' | '、' => {
            // 1.5 / 0.5万 / 1、2月 are figures, not markers; "1." needs text after it.
            // `1.2025年底前` may still be a marker: weak, for the numbering to confirm.
            if next.is_some_and(|c| c == '%' || c == '％') {
                return None;
            }
            if next.is_some_and(is_digit) {
                let (_, dused, _) = arabic(after)?;
                let tail = after.get(dused..).and_then(first_char);
                // 1、2月 / 1.5% / 2023.5 are figures whatever the numbering says
                if sep == '、'
                    || tail.is_none_or(|c| {
                        matches!(
                            c,
                            '%' | '％' | '.' | '．' | '、' | '月' | '日' | '万' | '亿'
                        )
                    })
                {
                    return None;
                }
                weak = true;
            }
            Style::ArabicDot
        }
        '）' | ')' => {
            if next.is_some_and(is_digit) {
                return None;
            }
            Style::ArabicParen
        }
        _ => return None,
    };
    let mut m = finish(style, n, used + sep.len_utf8(), s)?;
    m.weak = weak;
    Some(m)
}

/// A decimal outline marker: 1–4 components of one or two digits joined by `.`/`．` and
/// followed by a space (`1　总则`, `1.2　等级划分`, `2.1.3 成员单位`). A single number is
/// weak (a figure may start a line); two or more components before a space are not a
/// figure (`1.2 万` is not written so).
fn scan_decimal(s: &str) -> Option<Marker> {
    let mut comps: [u32; 4] = [0; 4];
    let mut k = 0usize;
    let mut at = 0usize;
    loop {
        let rest = s.get(at..)?;
        let (v, used, digits) = arabic(rest)?;
        if digits > 2 || v == 0 {
            return None;
        }
        *comps.get_mut(k)? = v;
        k += 1;
        at += used;
        match s.get(at..).and_then(first_char) {
            Some(c @ ('.' | '．')) if k < 4 => {
                let after = s.get(at + c.len_utf8()..).and_then(first_char);
                if !after.is_some_and(is_digit) {
                    return None;
                }
                at += c.len_utf8();
            }
            Some(' ' | '\u{3000}') => break,
            _ => return None,
        }
    }
    let rest = s.get(at..)?;
    let text = rest.trim_start_matches([' ', '\u{3000}']);
    // text must follow, and it is words, not a unit of measure after a figure
    let first = first_char(text)?;
    if !is_han(first)
        || matches!(
            first,
            '年' | '月' | '日' | '万' | '亿' | '个' | '元' | '倍' | '米'
        )
    {
        return None;
    }
    let mut m = finish(Style::Decimal, *comps.get(k - 1)?, at, s)?;
    m.weak = k == 1;
    m.depth = u8::try_from(k).ok()?;
    m.parent_ordinal = if k >= 2 { *comps.get(k - 2)? } else { 0 };
    Some(m)
}

fn scan_paren(s: &str, open: usize) -> Option<Marker> {
    // （ 一 ）: spaces a PDF extraction put inside the brackets
    let pad = |t: &str| (t.len() - t.trim_start_matches([' ', '\u{3000}']).len()).min(3);
    let open = open + s.get(open..).map_or(0, pad);
    let inner = s.get(open..)?;
    let (n, used, style) = if let Some((n, used, _)) = cn_numeral(inner) {
        (n, used, Style::ParenChinese)
    } else {
        let (n, used, digits) = arabic(inner)?;
        if digits > 3 {
            return None;
        }
        (n, used, Style::ParenArabic)
    };
    let used = used + inner.get(used..).map_or(0, pad);
    let rest = inner.get(used..)?;
    let close = first_char(rest)?;
    if !is_close_paren(close) || n == 0 {
        return None;
    }
    let mut len = open + used + close.len_utf8();
    // tolerate （一）、
    if s.get(len..).and_then(first_char) == Some('、') {
        len += '、'.len_utf8();
    }
    finish(style, n, len, s)
}

fn scan_di(s: &str) -> Option<Marker> {
    let inner = s.get('第'.len_utf8()..)?;
    let (n, used) = match cn_numeral(inner) {
        Some((n, used, _)) => (n, used),
        None => {
            let (n, used, _) = arabic(inner)?;
            (n, used)
        }
    };
    let rest = inner.get(used..)?;
    let (style, word) = if rest.starts_with("部分") {
        (Style::Part, "部分")
    } else if rest.starts_with('章') {
        (Style::Chapter, "章")
    } else if rest.starts_with('节') || rest.starts_with('節') {
        (Style::Section, "节")
    } else if rest.starts_with('条') || rest.starts_with('條') {
        (Style::Article, "条")
    } else {
        return None;
    };
    if n == 0 {
        return None;
    }
    let len = '第'.len_utf8() + used + word.len();
    finish(style, n, len, s)
}

/// Does `t` hold any of `cs`? A short text is read once; in a long one each character is
/// searched for with [`contains_char`], which on Han text is far cheaper than
/// `str::contains` with a char array (that decodes every character of `t` and compares it
/// with each of `cs`).
#[must_use]
pub fn has_any(t: &str, cs: &[char]) -> bool {
    // (setting up one search per character costs more than reading a short text)
    if t.len() <= 64 {
        return t.chars().any(|c| cs.contains(&c));
    }
    cs.iter().any(|&c| contains_char(t, c))
}

/// Does `t` contain `c`? `str::contains(char)` looks for the last byte of `c` and checks
/// each hit, and the last byte of a CJK punctuation mark (`。` is E3 80 82) is a byte
/// every few Han characters hold. memmem looks for two of its bytes at once.
#[must_use]
pub fn contains_char(t: &str, c: char) -> bool {
    if c.is_ascii() {
        return memchr::memchr(c as u8, t.as_bytes()).is_some();
    }
    if t.len() <= 64 {
        return t.contains(c); // (too short to repay building a searcher)
    }
    if let Some(f) = MARK_FINDERS.iter().find(|f| f.c == c) {
        return f.offsets(t).next().is_some();
    }
    let mut buf = [0u8; 4];
    memchr::memmem::find(t.as_bytes(), c.encode_utf8(&mut buf).as_bytes()).is_some()
}

/// Do `t`'s marks among `cs` (distinct characters) number at least `n`? Each mark is counted with its searcher
/// (see [`contains_char`]) and the count stops at `n`: on a long paragraph this is far
/// cheaper than `str::matches` with a char array, which decodes every character.
#[must_use]
pub fn holds_marks(t: &str, cs: &[char], n: usize) -> bool {
    let mut seen = 0usize;
    for &c in cs {
        let left = n.saturating_sub(seen);
        if left == 0 {
            break;
        }
        seen += match MARK_FINDERS.iter().find(|f| f.c == c) {
            Some(f) => f.offsets(t).take(left).count(),
            None => t.matches(c).take(left).count(),
        };
    }
    seen >= n
}

/// Searchers for the full-width marks (and the ideographic space, and the first
/// characters of a table's 序号/编号 header) the stages look for most, built once: setting
/// up a search costs more than running it on a line.
static MARK_FINDERS: LazyLock<Vec<CharFinder>> = LazyLock::new(|| {
    [
        '。', '；', '，', '、', '：', '（', '）', '！', '？', '《', '》', '号', '號', '\u{3000}',
        '【', '序', '编', '｜',
    ]
    .into_iter()
    .map(CharFinder::new)
    .collect()
});

#[cfg(test)]
mod tests {
    use super::*;

    // Words answers as the regex of its words alternated does, in both its forms (the
    // automaton is what a machine without vector search gets), on texts made of pieces of
    // the words, their neighbours and other characters, short and long.
    proptest::proptest! {
        #[test]
        fn words_match_where_their_alternation_matches(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "负", "责", "负责", "牵", "头", "单位", "单", "位", "②", "貳", "、", "貳、",
                "⒈", "⒉", "㈡", "序号", "序", "號", "a", "，", "市商务局", "\n", " ",
            ]), 0..40),
        ) {
            let text = pieces.concat();
            let words = ["负责", "牵头", "单位", "貳、", "②", "㈡", "⒉", "序号", "序號"];
            let regex = static_regex(&words.join("|"));
            let automaton = Words::Automaton(aho_corasick::AhoCorasick::new(words).unwrap());
            proptest::prop_assert_eq!(Words::new(words).is_match(&text), regex.is_match(&text));
            proptest::prop_assert_eq!(automaton.is_match(&text), regex.is_match(&text));
        }
    }

    #[test]
    fn each_thread_searches_its_own_handle_on_one_compiled_pattern() {
        static DATE: Pattern = pattern!(|| static_regex(r"(\d{4})年"));
        let here = DATE.with(|re| std::ptr::from_ref(re) as usize);
        assert_eq!(DATE.with(|re| std::ptr::from_ref(re) as usize), here);
        let (there, found) = std::thread::spawn(|| {
            let at = DATE.with(|re| std::ptr::from_ref(re) as usize);
            let found = DATE.captures("2024年底前").map(|c| c[1].to_string());
            (at, found)
        })
        .join()
        .unwrap_or_default();
        assert_ne!(there, here, "a second thread has a handle of its own");
        assert_eq!(found.as_deref(), Some("2024"));
        assert!(DATE.is_match("1999年") && !DATE.is_match("99年"));
        assert_eq!(DATE.find("于2023年").map(|m| m.start()), Some(3));
        assert_eq!(DATE.replace_all("2023年、2024年", "X"), "X、X");
    }

    #[test]
    fn numerals() {
        let cases = [
            ("一", 1),
            ("十", 10),
            ("十三", 13),
            ("二十一", 21),
            ("一百零五", 105),
            ("九十九", 99),
            ("一百二十", 120),
            ("壹", 1),
            ("拾贰", 12),
            ("二〇二三", 2023),
        ];
        for (s, want) in cases {
            assert_eq!(
                cn_numeral(s).map(|x| x.0),
                Some(want),
                "should read {s} as {want}"
            );
        }
        assert!(cn_numeral("是").is_none());
    }

    #[test]
    fn markers_accepted() {
        let cases = [
            ("一、总体要求", Style::ChineseComma, 1),
            ("十三、其他", Style::ChineseComma, 13),
            ("（一）加大力度", Style::ParenChinese, 1),
            ("(二十一)加大", Style::ParenChinese, 21),
            ("（一)混合", Style::ParenChinese, 1),
            ("1. 开展", Style::ArabicDot, 1),
            ("12．开展", Style::ArabicDot, 12),
            ("3、开展", Style::ArabicDot, 3),
            ("１．全角", Style::ArabicDot, 1),
            ("（1）项目", Style::ParenArabic, 1),
            ("(10)项目", Style::ParenArabic, 10),
            ("⑶项目", Style::ParenArabic, 3),
            ("⒉项目", Style::ArabicDot, 2),
            ("Ⅲ、保障措施", Style::Roman, 3),
            ("一 、总体要求", Style::ChineseComma, 1),
            ("（ 二 ）加强", Style::ParenChinese, 2),
            ("㈢项目", Style::ParenChinese, 3),
            ("①项目", Style::Circled, 1),
            ("⑳项目", Style::Circled, 20),
            ("第一部分 总则", Style::Part, 1),
            ("第三章 附则", Style::Chapter, 3),
            ("第二节 要求", Style::Section, 2),
            ("第一百零五条 本办法", Style::Article, 105),
            ("壹、總則", Style::FormalComma, 1),
            ("一(yī)、實施", Style::ChineseComma, 1),
            ("2）细则", Style::ArabicParen, 2),
        ];
        for (s, style, n) in cases {
            let m = scan_marker(s).unwrap_or_else(|| panic!("should accept {s}"));
            assert_eq!((m.style, m.ordinal), (style, n), "should read {s}");
        }
    }

    #[test]
    fn markers_rejected() {
        for s in [
            "3年左右时间",
            "2020年前三季度",
            "12月29日上午",
            "0.5万亩",
            "1.92万只",
            "1、2月份",
            "一是加强",
            "二〇二三年",
            "（管理区、开发区）",
            "（2021—2035 年）",
            "第一时间",
            "2023.5",
            "100%",
            "0、开始",
        ] {
            assert!(scan_marker(s).is_none(), "should reject {s}");
        }
    }

    #[test]
    fn weak_and_decimal_markers() {
        for (s, style, n, weak) in [
            ("1.2025年6月底前完成", Style::ArabicDot, 1, true),
            ("2.12345热线受理", Style::ArabicDot, 2, true),
            ("3.100个高频事项", Style::ArabicDot, 3, true),
            ("1　总则", Style::Decimal, 1, true),
            ("1.2　等级划分", Style::Decimal, 2, false),
            ("2.1.3 成员单位职责", Style::Decimal, 3, false),
        ] {
            let m = scan_marker_any(s).unwrap_or_else(|| panic!("should read {s}"));
            assert_eq!((m.style, m.ordinal, m.weak), (style, n, weak), "{s}");
            assert_eq!(scan_marker(s).is_some(), !weak, "{s}");
        }
        let m = scan_marker_any("2.1.3 成员").expect("decimal");
        assert_eq!((m.depth, m.parent_ordinal), (3, 1));
        for s in [
            "1.5万亩",
            "0.5万亩",
            "1、2月份",
            "2023.5",
            "1.5%",
            "3 个月",
            "2020 年",
        ] {
            assert!(scan_marker_any(s).is_none(), "should reject {s}");
        }
    }

    #[test]
    fn split_lines_is_split_on_line_feeds() {
        for t in ["", "a", "a\n", "\n\n", "a\nb", "甲\n\n乙\r\n"] {
            let got: Vec<&str> = split_lines(t).collect();
            assert_eq!(got, t.split('\n').collect::<Vec<_>>(), "{t:?}");
        }
    }

    #[test]
    fn the_prebuilt_mark_searchers_find_what_contains_finds() {
        for f in MARK_FINDERS.iter() {
            for t in [
                format!("{}{}", "加强".repeat(40), f.c),
                format!("{}{}甲", f.c, "加强".repeat(40)),
                "加强，协调。".repeat(20),
            ] {
                assert_eq!(contains_char(&t, f.c), t.contains(f.c), "{}", f.c);
            }
        }
    }

    #[test]
    fn is_numeric_is_the_standard_test() {
        for c in (0u32..=0x10FFFF).filter_map(char::from_u32) {
            assert_eq!(is_numeric(c), c.is_numeric(), "{c:?}");
        }
    }

    #[test]
    fn char_offsets_are_the_match_indices() {
        let t = "（1）甲；（2）乙；丙；；a;b；";
        for c in ['；', ';', '（', 'x'] {
            let want: Vec<usize> = t.match_indices(c).map(|(i, _)| i).collect();
            let finder = CharFinder::new(c);
            assert_eq!(finder.offsets(t).collect::<Vec<_>>(), want, "{c}");
        }
    }

    proptest::proptest! {
        // holds_marks answers as counting the marks with str::matches does
        #[test]
        fn holds_marks_counts_as_matches_does(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "。", "；", ";", "加强", "，", "\n", "a", "㈠",
            ]), 0..60),
            n in 0usize..8,
        ) {
            let t: String = pieces.concat();
            for cs in [&['。', '；'][..], &['；', ';'], &['。'], &['a', '㈠']] {
                let want = t.matches(cs).count() >= n;
                proptest::prop_assert_eq!(holds_marks(&t, cs, n), want, "{} {:?} {}", t, cs, n);
            }
        }
    }

    proptest::proptest! {
        // the first double ideographic space is where str::find puts it, among characters
        // whose bytes make the searched four (80 E3 80 80) without a double space: 一 and
        // 怀 end in byte 80, 。 and 、 open with E3 80
        #[test]
        fn double_ideographic_space_is_found_where_find_finds_it(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "\u{3000}", "一", "怀", "。", "、", "加强", "a", " ",
            ]), 0..40),
        ) {
            let t: String = pieces.concat();
            proptest::prop_assert_eq!(
                find_double_ideographic_space(&t),
                t.find("\u{3000}\u{3000}"),
                "{:?}", t
            );
        }
    }

    #[test]
    fn has_any_reads_short_and_long_texts_alike() {
        let cs = ['（', ')', '。', 'a'];
        for n in [0, 1, 20, 21, 22, 40, 100] {
            for tail in ["", "（", ")", "。", "a", "b", "）"] {
                let t = format!("{}{tail}", "加".repeat(n));
                let want = cs.iter().any(|&c| t.contains(c));
                assert_eq!(has_any(&t, &cs), want, "{t}");
                for &c in &cs {
                    assert_eq!(contains_char(&t, c), t.contains(c), "{t} {c}");
                }
            }
        }
    }

    #[test]
    fn space_test_and_char_sets_agree_with_their_definitions() {
        let all = (0..=0x10FFFFu32).filter_map(char::from_u32);
        for c in all {
            let want = c.is_whitespace() || c == '\u{3000}' || c == '\u{a0}';
            assert_eq!(is_space(c), want, "{c:?}");
        }
        let set = CharSet::of(|c| is_space(c) || c == '（');
        let listed = CharSet::from_chars(['\u{3000}', ' ', '\u{2003}', '（', '\u{20000}']);
        for c in ['\u{3000}', ' ', '\u{2003}', '（'] {
            assert!(set.contains(c) && listed.contains(c), "{c:?}");
        }
        for c in ['一', 'a', '）', '\u{20000}', '\u{10FFFF}'] {
            assert!(!set.contains(c) && !listed.contains(c), "{c:?}");
        }
    }

    #[test]
    fn consumed_bytes_are_on_boundaries() {
        let s = "（一）  加大力度";
        let m = scan_marker(s).expect("marker");
        assert_eq!(&s[..m.marker_len], "（一）");
        assert_eq!(&s[m.len..], "加大力度");
    }
}
