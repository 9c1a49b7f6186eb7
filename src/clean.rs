//! Page cleaning: find the document inside a scraped page or a PDF extraction.
//!
//! Each line gets a [`Keep`] verdict. Dropped lines are never lost silently: every
//! contiguous run of dropped lines becomes one warning with its line range.
//!
//! ## Rules
//! - **Site text** (`boilerplate_dropped`): breadcrumbs (`当前位置：首页 > …`), navigation
//!   rows (short tokens separated by spaces or `|`), share/print/QR-code buttons,
//!   copyright, ICP and 公网安备 lines, "本文标题", "推荐访问", editor lines, source/time
//!   stamps, phone-number lines, lines that start with a web address.
//! - **Tail** (`tail_dropped`): after the body has begun, a line that ends an article on a
//!   web page (推荐访问, 本文标题, 版权声明, 免责声明, 相关阅读, 上一篇, 责任编辑 …) starts the
//!   site footer; it and everything after it are dropped.
//! - **A second copy** (`duplicate_body_dropped`): a run of at least three substantial lines
//!   (≥ 100 characters together) that repeats earlier lines is dropped.
//! - **PDF furniture** (`page_furniture_dropped`): page numbers (`— 1 —`, `- 1 -`, `－1－`,
//!   `第 1 页`, `1/12`) and short running headers repeated three or more times (all but the
//!   first occurrence), and table-of-contents entries (`一、总体要求……3`).

use crate::lines::Line;
use crate::model::{Warning, WarningCode};
use crate::scan::{is_sentence_end, scan_marker};
use crate::scan::{pattern, Pattern};
use rustc_hash::FxHashMap as HashMap;
use std::collections::hash_map::Entry;
use std::hash::{Hash, Hasher};
use std::sync::LazyLock;

/// Verdict for one line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Keep {
    /// Part of the document.
    Yes,
    /// Site navigation, buttons, copyright …
    Boilerplate,
    /// Page number or running header.
    PageFurniture,
    /// A repeated copy of earlier text.
    Duplicate,
    /// Site footer after the end of the article.
    Tail,
}

impl Keep {
    /// Short label for `--explain`.
    pub fn label(self) -> &'static str {
        match self {
            Keep::Yes => "kept",
            Keep::Boilerplate => "drop:site-text",
            Keep::PageFurniture => "drop:page-furniture",
            Keep::Duplicate => "drop:second-copy",
            Keep::Tail => "drop:site-footer",
        }
    }
}

/// What opens a line of site text: words (or short patterns, each beginning with a
/// literal character) after an optional `【`.
const SITE_OPENERS: &[&str] = &[
    "当前位置",
    "您现在的位置",
    "你的位置",
    "您的位置",
    "所在位置",
    "现在位置",
    "分享到",
    "分享至",
    "扫一扫",
    "扫描二维码",
    "二维码",
    "二維碼",
    "打印本页",
    "打印此页",
    "关闭窗口",
    "关闭本页",
    "返回顶部",
    "返回首页",
    "收藏本页",
    "字体[:：]",
    "字号[:：]",
    "上一篇",
    "下一篇",
    "上一条",
    "下一条",
    "相关链接",
    "相关阅读",
    "相关文章",
    "相关新闻",
    "推荐阅读",
    "推荐访问",
    "热门推荐",
    "热点推荐",
    "本文标题",
    "本文链接",
    "链接地址",
    "原文链接",
    "原文地址",
    "责任编辑",
    "新闻编辑",
    "编辑[:：]",
    "作者[:：]",
    "来源[:：]",
    "浏览次数",
    "阅读次数",
    "点击数",
    "点击量",
    "发布时间",
    "更新时间",
    "发布日期[:：]",
    "信息来源",
    "文章来源",
    "精确检索",
    "开始检索",
    "加盟电话",
    "服务热线",
    "24小時服務熱線",
    "24小时服务热线",
    "网站首页",
    "网站地图",
    "Top$",
    "TOP$",
    "版权声明",
    "免责声明",
    "版权所有",
    "Copyright",
    "©",
    "本站部分",
    "本网所有",
    "转载稿件",
    "刊发、转载",
    "扫一扫在手机",
];

static SITE_START: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(r"^(?:【\s*)?(?:{})", SITE_OPENERS.join("|")))
});

static SITE_ANY: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?i)(?:版权所有|copyright\s*©|all rights reserved|icp备|icp证|公网安备|网安备\d|互联网新闻信息服务许可证|举报电话|举报邮箱|违法和不良信息举报)",
    )
});

static URL_START: Pattern = pattern!(|| {
    crate::scan::static_regex(r"(?i)^(?:https?://|www\.|[a-z0-9-]+\.(?:net|com|cn|org)\b)")
});

/// A line of a phone number's characters; [`phone`] wants 7 to 20 of them (the count is
/// checked there: as a bounded repetition of these classes the pattern took 0.6 ms to
/// compile).
static PHONE: Pattern = pattern!(|| crate::scan::static_regex(r"^[\d\s\-‐－()（）+]+$"));

/// The forms of a page number line: `— 1 —`, `7`, `第2页 共5页`, `3/12`, `Page 3 of 12`.
/// [`is_page_number`] wants at most four digits in each number, three in a line of digits
/// alone (the counts are checked there: as bounded repetitions of the digit class the
/// pattern took 0.8 ms to compile).
static PAGE_NO: Pattern = pattern!(|| {
    crate::scan::static_regex(concat!(
        r"^(?:[-—－–~～]+\s*\d+\s*[-—－–~～]+|\d+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|",
        r"\d+\s*/\s*\d+|(?i:page)\s*\d+(?:\s*of\s*\d+)?)$"
    ))
});

/// A run of digits (any script's).
static DIGITS: Pattern = pattern!(|| crate::scan::static_regex(r"\d+"));

/// Do the numbers of a line [`PAGE_NO`] matched have the digits a page number has: at most
/// four each, at most three in a line of digits alone? In every form each number stands
/// between characters that are no digits (dashes, spaces, 第, 页, `/`, `page`, `of`, the
/// line's ends), so a number is a whole run of digits.
fn page_number_digits(t: &str) -> bool {
    DIGITS.with(|re| {
        re.find_iter(t).all(|m| {
            let most = if m.len() == t.len() { 3 } else { 4 };
            m.as_str().chars().count() <= most
        })
    })
}

/// A table-of-contents entry: a title, dot leaders, a page number.
static TOC_LINE: Pattern = pattern!(|| {
    crate::scan::static_regex(r"^(?:.{1,60}?(?:[.．·…⋯]{3,}|…{2,})\s*\d{1,4}|目\s*录)$")
});

/// Words that open the site footer after a document (and 免责声明 near a line's start).
const TAIL_OPENERS: &[&str] = &[
    "推荐访问",
    "本文标题",
    "本文链接",
    "链接地址",
    "原文链接",
    "版权声明",
    "免责声明",
    "相关阅读",
    "相关文章",
    "相关新闻",
    "相关链接",
    "推荐阅读",
    "热门推荐",
    "上一篇",
    "下一篇",
    "责任编辑",
    "新闻编辑",
    "扫一扫在手机",
    "分享到",
    "版权所有",
    "Copyright",
];

static TAIL_START: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"^(?:【\s*)?(?:{}|.{{0,12}}免责声明)",
        TAIL_OPENERS.join("|")
    ))
});

/// The openings of `words` (patterns), sorted: each one's first character and, when the
/// pattern's second is a plain character, that too. A line that opens (after a `【` and
/// spaces, which the patterns allow) with none of them cannot match a pattern built from
/// `words`, so the regex is spared; most text opens with a character no word has, and
/// most of the rest (`二、`, `关于`, `上级`) part at the second.
fn openings(words: &[&str]) -> Vec<(char, Option<char>)> {
    let plain = |c: &char| {
        !matches!(
            c,
            '[' | '$' | '.' | '\\' | '(' | '|' | '?' | '*' | '+' | '{'
        )
    };
    let mut v: Vec<(char, Option<char>)> = words
        .iter()
        .filter_map(|w| {
            let mut cs = w.chars();
            let first = cs.next().filter(plain)?;
            Some((first, cs.next().filter(plain)))
        })
        .collect();
    v.sort_unstable();
    v.dedup();
    v
}

static SITE_OPENINGS: LazyLock<Vec<(char, Option<char>)>> =
    LazyLock::new(|| openings(SITE_OPENERS));
static TAIL_OPENINGS: LazyLock<Vec<(char, Option<char>)>> =
    LazyLock::new(|| openings(TAIL_OPENERS));

/// Does `t` open as one of `openings` (see [`openings`])?
fn opens_with(t: &str, openings: &[(char, Option<char>)]) -> bool {
    let mut cs = t.chars();
    let Some(mut first) = cs.next() else {
        return false;
    };
    if first == '【' {
        cs = t
            .get('【'.len_utf8()..)
            .unwrap_or_default()
            .trim_start()
            .chars();
        let Some(c) = cs.next() else {
            return false;
        };
        first = c;
    }
    let from = openings.partition_point(|&(c, _)| c < first);
    let mut same_first = openings
        .get(from..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&(c, _)| c == first)
        .peekable();
    if same_first.peek().is_none() {
        return false;
    }
    let second = cs.next();
    same_first.any(|&(_, next)| next.is_none() || next == second)
}

fn site_start(t: &str) -> bool {
    opens_with(t, &SITE_OPENINGS) && SITE_START.is_match(t)
}

/// Does a page's tail start at this line? `disclaimer`: the document holds 免责声明 at
/// all (looked for once, not in every line).
fn tail_start(t: &str, disclaimer: bool) -> bool {
    (opens_with(t, &TAIL_OPENINGS) || (disclaimer && t.contains("免责声明")))
        && TAIL_START.is_match(t)
}

fn url_start(t: &str) -> bool {
    // Every form opens with a run of [a-z0-9-] closed by the scheme's `:` or a `.`
    // (`https:`, `www.`, `example.`); case-insensitive [a-z] also takes the Kelvin sign and
    // the long s. A line that opens otherwise (most: `2023年…`) is no URL, unread. After a
    // `.` comes `net`, `com`, `cn` or `org` (their letters have no case but ASCII's), unless
    // the run is `www`: a numbered line (`1.加强…`) is no URL either.
    let url_char = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '\u{212A}' | '\u{17F}');
    let may_be = match t.char_indices().find(|&(_, c)| !url_char(c)) {
        Some((0, _)) | None => false,
        Some((_, ':')) => true,
        Some((at, '.')) => {
            t.as_bytes()
                .get(at + 1)
                .is_some_and(|b| matches!(b, b'n' | b'N' | b'c' | b'C' | b'o' | b'O'))
                || t.get(..at)
                    .is_some_and(|run| run.eq_ignore_ascii_case("www"))
        }
        Some(_) => false,
    };
    may_be && URL_START.is_match(t)
}

fn phone(t: &str) -> bool {
    // (at most 20 characters of at most 4 bytes)
    t.len() <= 80
        && t.chars().next().is_some_and(|c| {
            crate::scan::is_numeric(c)
                || c.is_whitespace()
                || matches!(c, '-' | '‐' | '－' | '(' | ')' | '（' | '）' | '+')
        })
        && (7..=20).contains(&t.chars().count())
        && PHONE.is_match(t)
}

fn is_dash(c: char) -> bool {
    matches!(c, '-' | '—' | '－' | '–' | '~' | '～')
}

/// Is this trimmed line a page number (`— 1 —`, `第 1 页` …)?
pub fn is_page_number(t: &str) -> bool {
    // Every form of PAGE_NO starts with a dash, a digit, 第 or "page", and ends with a
    // digit, 页 or a dash: two character tests spare the regex on ordinary lines.
    let (Some(first), Some(last)) = (t.chars().next(), t.chars().next_back()) else {
        return false;
    };
    (is_dash(first) || crate::scan::is_numeric(first) || matches!(first, '第' | 'p' | 'P'))
        && (is_dash(last) || crate::scan::is_numeric(last) || last == '页')
        && PAGE_NO.is_match(t)
        && page_number_digits(t)
}

/// Is this line a table-of-contents entry (`一、总体要求……3`) or the 目录 heading?
fn is_toc_line(t: &str) -> bool {
    // TOC_LINE ends with a page number after dot leaders, or is 目录.
    let last = t.chars().next_back();
    (last == Some('录')
        || (last.is_some_and(crate::scan::is_numeric)
            && crate::scan::has_any(t, &['.', '．', '·', '…', '⋯'])))
        && TOC_LINE.is_match(t)
}

/// Is this trimmed line site text (navigation, buttons, copyright …)?
pub fn is_site_text(t: &str) -> bool {
    site_text(t, true)
}

/// The longest line (in bytes) that a copyright, licence or hotline word makes site text.
const SITE_WORDS_LINE_MAX: usize = 300;

/// Does a line short enough to be made site text by its words ([`SITE_WORDS_LINE_MAX`])
/// hold a copyright, licence or hotline word? Each run of such lines is searched as one
/// stretch of `text` (the text `lines` were cut from), and long lines — most of a
/// document's bytes — are not read: a line that holds a word makes its stretch match, and
/// no longer line is tested for one.
fn site_words_in_short_lines(text: &str, lines: &[Line<'_>]) -> bool {
    let found =
        |(from, to): (usize, usize)| text.get(from..to).is_some_and(|s| SITE_ANY.is_match(s));
    let mut run: Option<(usize, usize)> = None;
    for l in lines {
        if l.text.len() <= SITE_WORDS_LINE_MAX {
            let end = l.start + l.text.len();
            run = Some(run.map_or((l.start, end), |(from, _)| (from, end)));
        } else if let Some(stretch) = run.take() {
            if found(stretch) {
                return true;
            }
        }
    }
    run.is_some_and(found)
}

/// [`is_site_text`], told whether any short line mentions a copyright, a licence or a
/// hotline (`site_words`): without one, no line is tested for them.
fn site_text(t: &str, site_words: bool) -> bool {
    if t.is_empty() {
        return false;
    }
    // Site lines are short: a long line of sentences is text (a document flattened onto
    // one line may open with the page's navigation, but it is not navigation as a whole)
    if t.len() > 900 && crate::scan::holds_marks(t, &['。', '；'], 5) {
        return false;
    }
    // Site lines are short; a long paragraph that mentions 版权所有 is text.
    if site_start(t)
        || (site_words && t.len() <= SITE_WORDS_LINE_MAX && SITE_ANY.is_match(t))
        || url_start(t)
    {
        return true;
    }
    if phone(t) && t.chars().filter(|c| c.is_ascii_digit()).count() >= 7 {
        return true;
    }
    if t.ends_with("首页") && t.chars().count() <= 12 {
        return true;
    }
    if is_elision(t) {
        return true;
    }
    if t.starts_with("<!--") && t.ends_with("-->") {
        // an HTML comment a converter left in the text
        return true;
    }
    is_nav_row(t)
}

/// A line that only marks omitted text: `[…]`, `[…gap…]`, `……`, `（略）`.
fn is_elision(t: &str) -> bool {
    let inner = t
        .trim_start_matches(['[', '［', '【', '(', '（'])
        .trim_end_matches([']', '］', '】', ')', '）']);
    matches!(inner, "略" | "此处略" | "……" | "…" | "...")
        || (inner.starts_with('…')
            && inner.ends_with('…')
            && inner.chars().count() <= 12
            && (inner.len() < t.len() || inner.chars().all(|c| c == '…')))
}

/// A navigation row: several short tokens separated by spaces or `|`, no sentence.
/// A line that opens with a heading marker is a heading, however it is spaced
/// (`第一章　总　　则`).
fn is_nav_row(t: &str) -> bool {
    // (more than 240 bytes are more than 60 characters; one pass counts the characters
    // and looks for the punctuation of a sentence)
    if t.len() > 240 {
        return false;
    }
    let mut chars = 0;
    // Every form of a row needs a separator of its tokens or a pipe or `>` (two pipes,
    // two `>>`, or tokens split on spaces and tabs): a line with none is no row.
    let mut parted = false;
    for c in t.chars() {
        chars += 1;
        if chars > 60 || is_sentence_end(c) || c == '，' || c == ',' {
            return false;
        }
        parted |= matches!(c, ' ' | '\u{3000}' | '\t' | '|' | '｜' | '>');
    }
    if !parted || scan_marker(t).is_some() {
        return false;
    }
    let pipes = t.matches(['|', '｜']).count();
    if pipes >= 2 {
        return true;
    }
    let toks: Vec<&str> = t
        .split([' ', '\u{3000}', '\t'])
        .filter(|s| !s.is_empty())
        .collect();
    // a breadcrumb: 首页 > 政务公开 > 工作报告, >> 专题专栏 >> 归档专题
    if toks
        .iter()
        .filter(|s| matches!(**s, ">" | ">>" | "»" | "＞"))
        .count()
        >= 2
        || t.matches(">>").count() >= 2
    {
        return true;
    }
    // letter-spaced words (改 造 工 程 有 关 问 题 的 批 复) are text, not a menu
    let letter_spaced = toks.iter().all(|s| s.chars().count() == 1);
    toks.len() >= 3 && !letter_spaced && toks.iter().all(|s| s.chars().count() <= 5)
}

/// Decide, for every line, whether it belongs to the document.
///
/// `text` is the text the lines are cut from: the site-text words are looked for in its
/// runs of short lines, not line by line.
pub fn clean(text: &str, lines: &[Line<'_>], warnings: &mut Vec<Warning>) -> Vec<Keep> {
    let site_words = site_words_in_short_lines(text, lines);
    let mut keep: Vec<Keep> = lines
        .iter()
        .map(|l| {
            if is_page_number(l.text) || is_toc_line(l.text) {
                Keep::PageFurniture
            } else if site_text(l.text, site_words) {
                Keep::Boilerplate
            } else {
                Keep::Yes
            }
        })
        .collect();
    page_furniture(lines, &mut keep);
    duplicates(lines, &mut keep);
    // (a prebuilt searcher: `str::contains` reads the whole text a byte at a time)
    static DISCLAIMER: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new("免责声明"));
    tail(lines, &mut keep, DISCLAIMER.find(text.as_bytes()).is_some());
    report(lines, &keep, warnings);
    keep
}

/// Running headers and footers: a short line that recurs (three times or more) right next
/// to page numbers. Every occurrence after the first is dropped (the first is often the
/// title). Without page numbers nothing is dropped here: a short line that recurs in a
/// hard-wrapped text (`局负责）`) is a wrap remnant, not a header.
fn page_furniture(lines: &[Line<'_>], keep: &mut [Keep]) {
    let is_page = |i: usize| {
        keep.get(i) == Some(&Keep::PageFurniture)
            && lines.get(i).is_some_and(|l| is_page_number(l.text))
    };
    if !(0..lines.len()).any(is_page) {
        return; // (no page numbers: nothing here to drop, and nothing to count)
    }
    let near_page = |i: usize| (i.saturating_sub(2)..=i + 2).any(|j| j != i && is_page(j));
    // (count, occurrences next to a page number)
    let mut counts: HashMap<&str, (u32, u32)> = HashMap::default();
    for (i, (l, k)) in lines.iter().zip(keep.iter()).enumerate() {
        // a header is a name or a title: it does not end a sentence or a clause
        let fragment = crate::text::is_label_line(l.text)
            || l.text.chars().last().is_some_and(|c| {
                is_sentence_end(c) || matches!(c, '）' | ')' | '，' | ',' | '、' | '：' | ':' | '”')
            });
        if *k == Keep::Yes
            && !l.is_blank()
            && !fragment
            && l.chars() <= 40
            && scan_marker(l.text).is_none()
        {
            let e = counts.entry(l.text).or_default();
            e.0 += 1;
            if near_page(i) {
                e.1 += 1;
            }
        }
    }
    let mut seen: HashMap<&str, bool> = HashMap::default();
    for (l, k) in lines.iter().zip(keep.iter_mut()) {
        if *k != Keep::Yes || l.is_blank() {
            continue;
        }
        let (n, paged) = counts.get(l.text).copied().unwrap_or((0, 0));
        if n >= 3 && paged >= 2 && seen.insert(l.text, true).is_some() {
            *k = Keep::PageFurniture;
        }
    }
}

fn duplicates(lines: &[Line<'_>], keep: &mut [Keep]) {
    // Substantial kept lines, by index into `lines`.
    let sig: Vec<usize> = (0..lines.len())
        .filter(|&i| {
            // (ten characters: 40 bytes hold at least ten; a shorter line is counted, up to ten)
            keep.get(i) == Some(&Keep::Yes)
                && lines
                    .get(i)
                    .is_some_and(|l| l.text.len() >= 40 || l.text.chars().nth(9).is_some())
        })
        .collect();
    let text = |k: usize| sig.get(k).and_then(|&i| lines.get(i)).map(|l| l.text);
    // (sized for every line at once: growing it rehashes every line so far)
    let mut first: HashMap<LineKey<'_>, usize> =
        HashMap::with_capacity_and_hasher(sig.len(), Default::default());
    let mut k = 0;
    while k < sig.len() {
        let Some(t) = text(k) else { break };
        // (one lookup: the line's first index, set where it is new)
        let seen_at = match first.entry(LineKey(t)) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(k);
                None
            }
        };
        match seen_at {
            Some(j) if j < k => {
                let mut r = 0;
                let mut chars = 0;
                while k + r < sig.len() && j + r < k && text(j + r) == text(k + r) {
                    chars += text(k + r).map_or(0, |s| s.chars().count());
                    r += 1;
                }
                if r >= 3 && chars >= 100 {
                    let (from, to) = (sig.get(k).copied(), sig.get(k + r - 1).copied());
                    if let (Some(from), Some(to)) = (from, to) {
                        for kk in keep.iter_mut().take(to + 1).skip(from) {
                            if *kk == Keep::Yes {
                                *kk = Keep::Duplicate;
                            }
                        }
                    }
                    k += r;
                    continue;
                }
            }
            Some(_) | None => {}
        }
        k += 1;
    }
}

/// A line as a map key, hashed by its length and its first and last 32 bytes: a long
/// paragraph is not read through to be hashed, and keys are still compared whole, so the
/// map finds what a full hash would.
#[derive(Clone, Copy, PartialEq, Eq)]
struct LineKey<'a>(&'a str);

impl Hash for LineKey<'_> {
    fn hash<H: Hasher>(&self, h: &mut H) {
        let b = self.0.as_bytes();
        b.len().hash(h);
        b.get(..32).unwrap_or(b).hash(h);
        b.get(b.len().saturating_sub(32)..).unwrap_or(b).hash(h);
    }
}

fn tail(lines: &[Line<'_>], keep: &mut [Keep], disclaimer: bool) {
    // The body has begun once a heading marker numbered 1 has been seen.
    let body = lines
        .iter()
        .zip(keep.iter())
        .position(|(l, k)| *k == Keep::Yes && scan_marker(l.text).is_some_and(|m| m.ordinal == 1));
    let Some(body) = body else { return };
    let start = lines
        .iter()
        .enumerate()
        .skip(body + 1)
        .find(|(_, l)| tail_start(l.text, disclaimer));
    if let Some((s, _)) = start {
        for (l, k) in lines.iter().zip(keep.iter_mut()).skip(s) {
            if !l.is_blank() && matches!(*k, Keep::Yes | Keep::Boilerplate) {
                *k = Keep::Tail;
            }
        }
    }
}

fn report(lines: &[Line<'_>], keep: &[Keep], warnings: &mut Vec<Warning>) {
    let mut i = 0;
    while i < lines.len() {
        let k = keep.get(i).copied().unwrap_or(Keep::Yes);
        if k == Keep::Yes {
            i += 1;
            continue;
        }
        // A run of one kind, blank lines inside it included.
        let mut j = i;
        let mut n = 0;
        let mut last = i;
        while j < lines.len() {
            let kj = keep.get(j).copied().unwrap_or(Keep::Yes);
            let blank = lines.get(j).is_some_and(|l| l.is_blank());
            if kj == k {
                n += 1;
                last = j;
            } else if !(blank && kj == Keep::Yes) {
                break;
            }
            j += 1;
        }
        let (first_no, last_no) = (
            lines.get(i).map_or(0, |l| l.no),
            lines.get(last).map_or(0, |l| l.no),
        );
        let sample: String = lines
            .get(i)
            .map_or("", |l| l.text)
            .chars()
            .take(24)
            .collect();
        let (code, what) = match k {
            Keep::Boilerplate => (WarningCode::BoilerplateDropped, "site text"),
            Keep::PageFurniture => (WarningCode::PageFurnitureDropped, "page numbers/headers"),
            Keep::Duplicate => (
                WarningCode::DuplicateBodyDropped,
                "a repeated copy of the document",
            ),
            Keep::Tail => (
                WarningCode::TailDropped,
                "the site footer after the article",
            ),
            Keep::Yes => {
                i += 1;
                continue;
            }
        };
        warnings.push(Warning {
            code,
            message: format!("dropped {n} line(s) of {what}, lines {first_no}–{last_no}: {sample}"),
            line: Some(first_no),
        });
        i = last + 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::split;

    /// [`PAGE_NO`] with the counts of [`page_number_digits`] in it: the definition.
    static PAGE_NO_BOUNDED: LazyLock<regex::Regex> = LazyLock::new(|| {
        crate::scan::static_regex(concat!(
            r"^(?:[-—－–~～]+\s*\d{1,4}\s*[-—－–~～]+|\d{1,3}|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|",
            r"\d{1,4}\s*/\s*\d{1,4}|(?i:page)\s*\d{1,4}(?:\s*of\s*\d{1,4})?)$"
        ))
    });

    /// [`PHONE`] with the count of [`phone`] in it: the definition.
    static PHONE_BOUNDED: LazyLock<regex::Regex> =
        LazyLock::new(|| crate::scan::static_regex(r"^[\d\s\-‐－()（）+]{7,20}$"));

    #[test]
    fn site_text_is_recognised() {
        for t in [
            "当前位置: 首页 > 专题范文 > 公文范文 >",
            "网站首页 新闻 国内 国际 河南 焦作",
            "关于文驰范文网 | 在线投稿 | 网站声明 | 联系我们",
            "本站部分资源和信息来源于互联网,如有侵犯您的权益,请尽快联系我们进行处理,谢谢!备案号:苏ICP备16063874号-2",
            "二維碼 33",
            "13231626991",
            "USHUI.NET®提示:根据",
            "作者: | 发布时间:2023-05-13 19:36:02 | 浏览次数:",
            "<!-- INFO END -->",
            ">> 专题专栏 >> 归档专题 >> 2023市政府重点工作(已归档)",
            "[…]",
            "[…gap…]",
            "（略）",
        ] {
            assert!(is_site_text(t), "should drop {t}");
        }
        for t in [
            "一、总体目标",
            "2023 年信阳市打击侵犯知识产权和 制售假冒伪劣商品工作要点",
            "（一）开展互联网领域治理。",
            "各市、州、县人民政府,省政府各部门:",
            "开展“剑网 2023”专项行动。",
            "第一章　总　　则",
            "第九章 附 则",
            "改 造 工 程 有 关 问 题 的 批 复",
        ] {
            assert!(!is_site_text(t), "should keep {t}");
        }
    }

    #[test]
    fn a_copyright_line_is_dropped_when_the_document_is_read_whole() {
        let page = "某市人民政府网站 京ICP备05070218号\n一、加强知识产权保护工作，维护市场秩序。\n";
        let ls = split(page);
        let keep = clean(page, &ls, &mut Vec::new());
        assert_eq!(keep[0], Keep::Boilerplate);
        assert_eq!(keep[1], Keep::Yes);
    }

    #[test]
    fn second_copy_and_footer_are_dropped_and_counted() {
        let body = "一、加强知识产权保护工作，严厉打击侵权假冒违法犯罪行为，维护市场秩序。\n\
                    （一）开展专项行动，集中整治重点领域和重点市场的突出问题，形成震慑。\n\
                    （二）完善工作机制，健全行政执法与刑事司法衔接，加强部门协作配合。\n\
                    （三）加强宣传教育，营造尊重知识、崇尚创新、诚信守法的社会氛围。\n";
        let page = format!("{body}责任编辑：张三\n{body}");
        let ls = split(&page);
        let mut w = Vec::new();
        let keep = clean(&page, &ls, &mut w);
        assert_eq!(keep.iter().filter(|k| **k == Keep::Yes).count(), 5);
        assert!(w
            .iter()
            .any(|w| w.code == WarningCode::TailDropped && w.line == Some(5)));

        let page = format!("{body}\n{body}");
        let ls = split(&page);
        let mut w = Vec::new();
        let keep = clean(&page, &ls, &mut w);
        assert_eq!(keep.iter().filter(|k| **k == Keep::Duplicate).count(), 4);
        assert!(w
            .iter()
            .any(|w| w.code == WarningCode::DuplicateBodyDropped));
    }

    #[test]
    fn pdf_page_numbers() {
        for t in [
            "— 1 —",
            "- 12 -",
            "－3－",
            "第 2 页",
            "第2页 共5页",
            "3/12",
            "7",
        ] {
            assert!(is_page_number(t), "page number {t}");
        }
        assert!(!is_page_number("1. 开展"));
        assert!(!is_page_number("1234") && !is_page_number("第12345页"));
        assert!(TOC_LINE.is_match("一、总体要求……………3"));
        assert!(TOC_LINE.is_match("（二）重点任务.......12"));
        assert!(!TOC_LINE.is_match("一、总体要求"));
    }

    #[test]
    fn openers_begin_with_a_literal_character() {
        // the first-character tests assume it: a pattern opening with `(`, `[` or `.`
        // would match lines the test turns away
        for w in SITE_OPENERS.iter().chain(TAIL_OPENERS) {
            let c = w.chars().next().map(String::from).unwrap_or_default();
            assert!(!c.is_empty() && regex::escape(&c) == c, "{w}");
        }
    }

    /// [`is_nav_row`] without the test for a separator: the definition it must agree with.
    fn nav_row_by_tokens(t: &str) -> bool {
        if t.len() > 240 || t.chars().count() > 60 {
            return false;
        }
        if t.chars()
            .any(|c| is_sentence_end(c) || c == '，' || c == ',')
        {
            return false;
        }
        if scan_marker(t).is_some() {
            return false;
        }
        if t.matches(['|', '｜']).count() >= 2 {
            return true;
        }
        let toks: Vec<&str> = t
            .split([' ', '\u{3000}', '\t'])
            .filter(|s| !s.is_empty())
            .collect();
        if toks
            .iter()
            .filter(|s| matches!(**s, ">" | ">>" | "»" | "＞"))
            .count()
            >= 2
            || t.matches(">>").count() >= 2
        {
            return true;
        }
        let letter_spaced = toks.iter().all(|s| s.chars().count() == 1);
        toks.len() >= 3 && !letter_spaced && toks.iter().all(|s| s.chars().count() <= 5)
    }

    #[test]
    fn lines_alike_at_both_ends_are_still_different_lines() {
        // the hash reads only the ends of a line; the map still tells the lines apart
        let ends = "加强".repeat(20);
        let (a, b) = (format!("{ends}甲{ends}"), format!("{ends}乙{ends}"));
        let mut m: HashMap<LineKey<'_>, usize> = HashMap::default();
        m.insert(LineKey(&a), 1);
        assert_eq!(m.get(&LineKey(&b)), None);
        assert_eq!(m.get(&LineKey(&a.clone())), Some(&1));
    }

    /// The tests in front of URL_START give its answer on every line of a grid of
    /// openings, closes and what follows them (numbered lines, hosts, schemes in any case).
    #[test]
    fn the_url_prefilter_gives_the_patterns_answer_on_a_grid() {
        let runs = [
            "",
            "1",
            "12",
            "www",
            "wWw",
            "WWW",
            "ww",
            "http",
            "HTTPS",
            "http\u{17F}",
            "gov",
            "a-\u{212A}",
        ];
        let closes = ["://", ":", ".", "．", " ", "/", "。"];
        let after = [
            "", "net", "NET", "com", "Com", "cn", "CN", "org", "Org", "oRG", "cnx", "o", "加强",
            "1", "gov.cn", " x",
        ];
        for run in runs {
            for close in closes {
                for a in after {
                    let t = format!("{run}{close}{a}");
                    assert_eq!(url_start(&t), URL_START.is_match(&t), "{t}");
                }
            }
        }
    }

    /// Every opener has an opening in the prefilter (its first character is a plain
    /// character), and ordinary text is turned away at its first or second character.
    #[test]
    fn every_opener_has_an_opening_and_text_has_none() {
        for (words, openings) in [
            (SITE_OPENERS, &*SITE_OPENINGS),
            (TAIL_OPENERS, &*TAIL_OPENINGS),
        ] {
            for w in words {
                let first = w.chars().next();
                assert!(openings.iter().any(|o| Some(o.0) == first), "{w}");
                let plain: String = w.chars().take_while(|c| !matches!(c, '[' | '$')).collect();
                assert!(opens_with(&plain, openings), "{w}");
                assert!(opens_with(&format!("【　{plain}"), openings), "{w}");
            }
        }
        for t in [
            "二、总体要求",
            "关于印发",
            "上级部门",
            "相互配合",
            "分类推进",
            "【重点任务】",
        ] {
            assert!(!opens_with(t, &SITE_OPENINGS), "{t}");
        }
        assert!(opens_with("©2023", &SITE_OPENINGS));
    }

    proptest::proptest! {
        #[test]
        fn a_line_without_separators_is_turned_away_as_the_tokens_would(
            toks in proptest::collection::vec("[首页新闻政务公开一二、（）1.第章，。a>»＞]{1,6}", 1..6),
            sep in proptest::sample::select(
                vec![" ", "\u{3000}", "\t", "|", "｜", ">", ">>", " > ", "»", " ＞ ", "", "\t\t"]
            ),
        ) {
            let t = toks.join(sep);
            proptest::prop_assert_eq!(is_nav_row(&t), nav_row_by_tokens(&t), "{}", t);
        }

        // The character tests in front of PAGE_NO and TOC_LINE only spare work: whatever
        // the line, the answer is the regex's.
        #[test]
        fn prefilters_never_change_the_answer(
            t in "[-—－–~～ 第页共pPageof0-9０-９/，,…．.·目录一、总体要求（）]{0,16}"
        ) {
            proptest::prop_assert_eq!(is_page_number(&t), PAGE_NO_BOUNDED.is_match(&t));
            proptest::prop_assert_eq!(is_toc_line(&t), TOC_LINE.is_match(&t));
        }

        #[test]
        fn page_numbers_are_what_the_bounded_pattern_matches(
            a in "[0-9０-９٣]{0,6}",
            b in "[0-9０-９٣]{0,6}",
            sp in "[ \u{3000}]{0,2}",
        ) {
            // every form, with numbers of up to six digits (of three scripts)
            for t in [
                format!("—{sp}{a}{sp}—"),
                a.clone(),
                format!("{a}{sp}"),
                format!("第{sp}{a}{sp}页"),
                format!("第{a}页{sp}共{b}页"),
                format!("{a}{sp}/{sp}{b}"),
                format!("Page{sp}{a}"),
                format!("page {a} of {b}"),
                format!("{a}x{b}"),
            ] {
                proptest::prop_assert_eq!(is_page_number(&t), PAGE_NO_BOUNDED.is_match(&t), "{}", t);
            }
        }

        #[test]
        fn a_phone_line_is_what_the_bounded_pattern_matches(
            t in "[-‐－()（）+0-9０-９ ]{0,24}",
            k in 0usize..30,
            other in "[一a.]",
        ) {
            // the line as drawn, and with a character no phone number holds put in
            let mut u = t.clone();
            if let Some((at, _)) = t.char_indices().nth(k) {
                u.insert_str(at, &other);
            }
            for t in [t, u] {
                proptest::prop_assert_eq!(phone(&t), PHONE_BOUNDED.is_match(&t), "{}", t);
            }
        }

        #[test]
        fn site_prefilters_never_change_the_answer(
            k in 0usize..200,
            pre in "[【 \u{3000}]{0,3}",
            rest in "[:：0-9a-zA-Z.\\-/ 免责声明版权网址首页，。局]{0,14}",
            lead in "[-‐－()（）+0-9 \u{212A}\u{17F}kKsShHwW]{0,3}",
        ) {
            let words: Vec<&str> = SITE_OPENERS.iter().chain(TAIL_OPENERS).copied().collect();
            let w = words.get(k).copied().unwrap_or("");
            for t in [format!("{pre}{w}{rest}"), format!("{lead}{rest}"), format!("{lead}{w}")] {
                proptest::prop_assert_eq!(site_start(&t), SITE_START.is_match(&t), "{}", t);
                proptest::prop_assert_eq!(tail_start(&t, true), TAIL_START.is_match(&t), "{}", t);
                proptest::prop_assert_eq!(url_start(&t), URL_START.is_match(&t), "{}", t);
                proptest::prop_assert_eq!(phone(&t), PHONE_BOUNDED.is_match(&t), "{}", t);
            }
        }

        // Whatever the document, a short line that holds a site word is found by the
        // search of the runs of short lines (the per-line test then decides).
        #[test]
        fn a_short_line_with_a_site_word_is_never_missed(
            lines in proptest::collection::vec(
                (
                    proptest::sample::select(vec![
                        "", "版权所有", "Copyright ©", "ICP备12345号", "举报电话：12345", "首页",
                        "一、总体要求", "\u{3000}", "  ",
                    ]),
                    0usize..140,
                    proptest::sample::select(vec!["", "copyright", " ©", "公网安备", "。"]),
                ),
                0..12,
            ),
        ) {
            let text: String = lines
                .iter()
                .map(|(a, n, b)| format!("{a}{}{b}\n", "文".repeat(*n)))
                .collect();
            let cut = split(&text);
            let short_hit = cut
                .iter()
                .any(|l| l.text.len() <= SITE_WORDS_LINE_MAX && SITE_ANY.is_match(l.text));
            if short_hit {
                proptest::prop_assert!(site_words_in_short_lines(&text, &cut), "{}", text);
            }
            // and where the text holds no site word, none is found
            if !cut.iter().any(|l| l.text.len() <= SITE_WORDS_LINE_MAX && SITE_ANY.is_match(l.text))
                && !SITE_ANY.is_match(&text)
            {
                proptest::prop_assert!(!site_words_in_short_lines(&text, &cut));
            }
        }

        #[test]
        fn url_prefilter_never_changes_the_answer(
            scheme in proptest::sample::select(vec!["", "http", "https", "hTTp\u{17F}", "www", "wWw", "gov"]),
            run in "[a-zA-Z0-9\\-\u{212A}\u{17F}]{0,6}",
            close in proptest::sample::select(vec!["://", ":", ".", "。", "", " ", "/", "．"]),
            tld in "(net|com|cn|org|NET|Com|cnx|o|加强|1)?",
            rest in "[a-z.:/ 局]{0,4}",
        ) {
            let t = format!("{scheme}{run}{close}{tld}{rest}");
            proptest::prop_assert_eq!(url_start(&t), URL_START.is_match(&t), "{}", t);
        }
    }
}
