//! The title block (GB/T 9704-2012 §7.2, 党政机关公文处理工作条例 §9): title, 发文字号,
//! issuer, 成文日期, 主送机关, references — and the split between a 印发 cover notice and
//! the plan it carries.
//!
//! ## Grammar (what counts as what)
//! - **Title**: a line without closing punctuation that ends in a genre word (要点, 方案,
//!   意见, 通知, 办法, 规划, 计划, 措施, 细则 …, optionally followed by （试行）); a
//!   title wrapped over two or three lines is joined. The plan's title is the last
//!   such line before the first heading. Layout spaces are removed.
//! - **Cover**: a title that 印发/转发 a document (关于印发《X》的通知). When the plan X
//!   follows with its own title, the notice between the two titles is the `cover`.
//! - **发文字号**: a line that is only `机关代字〔年份〕序号号` (also `[2024]`, `（2024）`),
//!   optionally with 签发人; a number cited inside a sentence is a reference, not this.
//! - **成文日期**: a line that is only a date (`2017年6月29日`, `二〇二三年三月一日`).
//! - **主送机关**: a line ending in a colon that lists bodies (各…, …单位, …部门).
//! - Portal metadata tables (索引号 / 发文机关 / 发文字号 / 成文日期 / 发布日期) are read
//!   when present and kept out of the body.

use crate::clean::Keep;
use crate::fate::{BackMatter, Fates, LineFate};
use crate::lines::Line;
use crate::model::{Meta, Reference, Warning, WarningCode};
use crate::scan::{is_han, is_space, scan_marker, CharSet};
use crate::scan::{pattern, Pattern};
use std::sync::LazyLock;

/// What a head line was read as (for `--explain` and to keep it out of the text).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Part of the title.
    Title,
    /// Part of the cover notice's title.
    CoverTitle,
    /// 发文字号.
    DocNumber,
    /// 成文日期.
    Date,
    /// Issuer line (红头 or signature).
    Issuer,
    /// 主送机关.
    Recipients,
    /// A portal metadata row.
    MetaTable,
    /// Page text before the title (site header, repeated title, teaser).
    PageHeader,
    /// A publication status line (`（此件公开发布）`).
    Status,
}

impl Role {
    /// Label for `--explain`.
    pub fn label(self) -> &'static str {
        match self {
            Role::Title => "meta:title",
            Role::CoverTitle => "meta:cover-title",
            Role::DocNumber => "meta:doc-number",
            Role::Date => "meta:date",
            Role::Issuer => "meta:issuer",
            Role::Recipients => "meta:recipients",
            Role::MetaTable => "meta:portal-table",
            Role::PageHeader => "drop:page-header",
            Role::Status => "meta:status",
        }
    }
}

/// The head of the document as found.
#[derive(Debug, Default)]
pub struct Head {
    /// Metadata read.
    pub meta: Meta,
    /// Line index range `[from, to)` of the cover notice's body, if there is a cover.
    pub cover: Option<(usize, usize)>,
    /// Line index where the plan's body (preamble, then sections) starts.
    pub body_from: usize,
    /// Lines above the title that are text, not page furniture (a decree's promulgation,
    /// a letter above an attachment's title): they open the preamble, never dropped.
    pub above_title: Vec<usize>,
    /// Per line (by index), a role when the line belongs to the title block.
    pub roles: Vec<Option<Role>>,
}

/// The genre words a title ends with (`……工作要点`, `……实施方案`, `……的通知`).
const GENRE_WORDS: &[&str] = &[
    "要点", "要點", "方案", "意见", "意見", "通知", "办法", "辦法", "规划", "規劃", "计划", "計劃",
    "决定", "決定", "通报", "通報", "报告", "報告", "细则", "細則", "规定", "規定", "措施", "纲要",
    "綱要", "清单", "清單", "分工", "安排", "规则", "規則", "条例", "條例", "公告", "批复", "批覆",
    "指南", "规范", "規範", "任务", "任務", "要求", "标准", "標準", "制度", "机制", "機制", "指引",
    "举措", "舉措", "工作", "实施", "實施", "行动", "行動", "函", "答复", "答覆", "令", "分解",
    "预案", "預案",
];

static GENRE: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"(?:{})(?:[（(][^（）()]{{1,16}}[）)])?[》”\x22]?$",
        GENRE_WORDS.join("|")
    ))
});

/// Can `t` end in a genre word once its status marks, 文号 and spaces are taken off (see
/// [`title_part`], [`squeeze`])? A necessary test, read from the end of the line: spaces,
/// closing quotes and bracketed groups (a qualifier, a status mark) are passed over, and
/// the character before them must end a genre word. Most lines of a document fail it at
/// their last character, before any pattern runs.
fn may_end_in_genre(t: &str) -> bool {
    static LAST_CHARS: LazyLock<CharSet> =
        LazyLock::new(|| CharSet::from_chars(GENRE_WORDS.iter().filter_map(|w| w.chars().last())));
    let mut rest = t;
    for _ in 0..8 {
        rest = rest.trim_end_matches(|c: char| is_space(c) || matches!(c, '》' | '”' | '"'));
        if !rest.ends_with(['）', ')']) {
            return rest
                .chars()
                .next_back()
                .is_some_and(|c| LAST_CHARS.contains(c));
        }
        match rest.rfind(['（', '(']) {
            Some(open) => rest = rest.get(..open).unwrap_or(""),
            None => return false,
        }
    }
    true
}

/// The brackets that open a 文号's year in [`doc_no_form`].
const DOC_NO_OPENERS: &[char] = &['〔', '[', '［', '【', '（', '('];

/// A 发文字号: 机关代字, the year in brackets, the number (`信打假办〔2023〕3号`, `國辦發〔2019〕12號`),
/// its 机关代字 repeated as `code` says.
fn doc_no_form(code: &str) -> String {
    format!(
        r"[\p{{Han}}A-Za-z]{code}\s*[〔\[［【（(]\s*(?:19|20)\d{{2}}\s*[〕\]］】）)]\s*第?\s*\d{{1,5}}\s*[号號]"
    )
}

/// [`doc_no_form`] with a 机关代字 of 1 to [`ISSUER_CODE_MAX`] characters, for patterns
/// that may find a 文号 anywhere.
fn doc_no_form_bounded() -> String {
    doc_no_form(&format!("{{1,{ISSUER_CODE_MAX}}}"))
}

/// [`doc_no_form`] with a 机关代字 of any length, for the patterns that fix where the 文号
/// starts ([`DOC_NO`], [`LEADING_NO`]); [`issuer_code_fits`] tests the bound after the
/// match. A bounded repetition of so large a class compiles to that many copies of it,
/// and every search for the groups visits each copy at each character: the same matches
/// cost a fraction without it. (The answer is the same: where the 文号 starts is fixed and
/// its code runs to the bracket, so there is one way to match, and it fits or it does not.)
fn doc_no_form_any_code() -> String {
    doc_no_form("+")
}

/// The most characters a 机关代字 has in a 文号.
const ISSUER_CODE_MAX: usize = 16;

/// Does the 文号 `no` (a match of [`doc_no_form_any_code`]) have at most
/// [`ISSUER_CODE_MAX`] characters before its year bracket — before the first space or
/// bracket, which no character of the code is?
fn issuer_code_fits(no: &str) -> bool {
    no.chars()
        .take_while(|c| !c.is_whitespace() && !DOC_NO_OPENERS.contains(c))
        .nth(ISSUER_CODE_MAX)
        .is_none()
}

/// A full date in Arabic or Chinese numerals (`2020年7月15日`, `二〇二三年三月一日`).
const DATE_FORM: &str = concat!(
    r"(?:\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?:\d{1,2}|[一二三四五六七八九十]{1,2})\s*月",
    r"\s*(?:\d{1,2}|[一二三四五六七八九十]{1,3})\s*日"
);

/// How a signing body's name ends.
const SIGNER_END: &str = "(?:政府|办公厅|院|委员会|办公室|部|局|厅)";

/// A line that is a 文号 (`form`), perhaps labelled, bracketed or followed by its signer.
fn doc_no_line_pattern(form: &str) -> String {
    format!(
        r"^[（(]?(?:(?:发文字号|文号|發文字號|文號)\s*[:：]\s*)?(?P<no>{form})[）)]?(?:\s+签发人\s*[:：].*)?$"
    )
}

static DOC_NO: Pattern =
    pattern!(|| crate::scan::static_regex(&doc_no_line_pattern(&doc_no_form_any_code())));

static DATE: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"^(?:成文日期\s*[:：]\s*)?(?P<y>\d{4}|[〇○零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,2})\s*月\s*(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日$",
    )
});

static TABLE_ROW: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"^(?P<k>索引号|发文机关|發文機關|发文字号|發文字號|成文日期|发布日期|發布日期|主题分类|主題分類|公文种类|有效性|标题|文号|主题词)\s*[:：]\s*(?P<v>.*)$",
    )
});

/// A publication status around a title: `（此件公开发布）`, `（已废止）`.
static STATUS: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"[（(](?:此件公开发布|此件公開發布|此件公開發佈|此件主动公开|此件主動公開|此件不公开|已废止|已廢止|已失效|失效|废止|部分失效|有效|已修改)[）)]",
    )
});

/// A title's qualifier on a line of its own: `（2015—2020年）`, `（试行）`, `（征求意见稿）`.
static QUALIFIER: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"^[（(](?:[0-9０-９]{4}\s*[—–\-－~～至]+\s*[0-9０-９]{4}\s*年?|试行|暂行|征求意见稿|修订|修订稿|草案)[）)]$",
    )
});

/// A 文号 opening a line, before more text (a title or a date).
static LEADING_NO: Pattern =
    pattern!(|| crate::scan::static_regex(&leading_no_pattern(&doc_no_form_any_code())));

/// A 文号 (`form`) opening a line, spaces after it.
fn leading_no_pattern(form: &str) -> String {
    format!(r"^{form}[ \t\u{{3000}}]+")
}

/// A decree number on one line, `中华人民共和国国务院令第800号`: Han characters, 令第,
/// digits, 号. [`is_decree`] wants 2 to 24 characters of name and 1 to 5 digits (the counts
/// are checked there: as bounded repetitions of these classes the pattern took 0.7 ms to
/// compile).
static DECREE: Pattern = pattern!(|| crate::scan::static_regex(r"^\p{Han}{2,}令第\d+[号號]$"));

/// The number line under a decree's name, `第800号`; [`is_decree_no`] wants 1 to 5 digits.
static DECREE_NO: Pattern = pattern!(|| crate::scan::static_regex(r"^第\d+[号號]$"));

/// A decree number on one line ([`DECREE`]). The digits and 号 hold no 令第: the last 令第
/// is the one before the digits, and the name is what stands before it.
fn is_decree(s: &str) -> bool {
    DECREE.is_match(s)
        && s.rsplit_once("令第")
            .is_some_and(|(name, number)| name.chars().count() <= 24 && number.chars().count() <= 6)
}

/// A decree's number line ([`DECREE_NO`]): 第, at most five digits, 号.
fn is_decree_no(s: &str) -> bool {
    DECREE_NO.is_match(s) && s.chars().count() <= 7
}

/// Keys of a portal table row written with spaces instead of colons.
static SPACED_KEY: Pattern = pattern!(|| {
    crate::scan::static_regex(concat!(
        r"索\s*引\s*号|发\s*文\s*日\s*期|发\s*布\s*日\s*期|成\s*文\s*日\s*期|发\s*布\s*机\s*构|",
        r"发\s*文\s*机\s*关|发\s*文\s*字\s*号|文\s+号|主\s*题\s*分\s*类|公\s*文\s*种\s*类"
    ))
});

/// The head of a flattened document: a title ending in a genre word, then its 文号. The
/// title runs 4 to [`FLAT_TITLE_MAX`] characters before its genre word; the pattern
/// bounds only the lower end, and [`flat_head`] the upper (see there).
static FLAT_HEAD: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"^(?P<t>[^。；：:，,\s]{{4,}}?(?:决定|意见|通知|函|批复|方案|规划|要点|办法|条例|规定|细则|报告|纲要|计划))(?P<n>{})",
        doc_no_form_bounded()
    ))
});

/// The most characters a flattened head's title has before its genre word.
const FLAT_TITLE_MAX: usize = 80;

/// [`FLAT_HEAD`] at the start of `t`, its title at most [`FLAT_TITLE_MAX`] characters
/// before the genre word. The bound is tested here, not written into the pattern: a
/// bounded repetition of so large a class compiles to that many copies of it (a third
/// of the time to build all the crate's patterns) and gives its automaton as many more
/// states to visit. The answer is the same: the lazy title takes the fewest characters
/// that let the rest match, so the match found is the bounded pattern's whenever its
/// title fits, and when it does not, no shorter title fits either.
fn flat_head(t: &str) -> Option<regex::Captures<'_>> {
    FLAT_HEAD.captures(t).filter(|c| {
        c.name("t").is_some_and(|m| {
            // (every genre word has two characters but 函)
            let genre = if m.as_str().ends_with('函') { 1 } else { 2 };
            m.as_str().chars().count() <= FLAT_TITLE_MAX + genre
        })
    })
}

/// A signature and its date (and a status) glued to the end of the last item.
static GLUED_END: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"[ \t\u{{3000}}\u{{a0}}]*(?P<o>[\p{{Han}} \u{{3000}}]{{2,30}}?{SIGNER_END})[ \t\u{{3000}}\u{{a0}}]*(?P<d>{DATE_FORM})[ \t\u{{3000}}\u{{a0}}]*(?:[（(][^（）()]{{2,12}}[）)])?[ \t\u{{3000}}\u{{a0}}]*$"
    ))
});

/// A signature glued to its date at the end of a flattened document.
static SIGNED_DATE: Pattern = pattern!(|| {
    crate::scan::static_regex(&format!(
        r"{SIGNER_END}[ \t\u{{3000}}\u{{a0}}]*(?P<d>{DATE_FORM})"
    ))
});

/// The 文号 in brackets that may follow a cited title: `《…》（国发〔2023〕1号）`.
static CITED_NUMBER: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"^\s*[（(](?P<n>[^（）()\n]{0,20}?[〔\[［](?:19|20)\d{2}[〕\]］]\s*\d{1,5}\s*号)[）)]",
    )
});

static ORG_END: Pattern = pattern!(|| {
    crate::scan::static_regex(
        r"(?:政府|办公厅|辦公廳|办公室|辦公室|委员会|委員會|领导小组|領導小組|局|厅|廳|委|部|院|署|中心|会|會|办|辦)$",
    )
});

/// Remove layout spaces: white space next to a CJK character.
pub fn squeeze(s: &str) -> String {
    if !s.contains(is_space) {
        return s.to_string();
    }
    // one pass: a run of spaces is kept (as one space) only between two characters that
    // are neither Han nor other non-ASCII; at either end it goes
    let wide = |x: char| is_han(x) || !x.is_ascii();
    let mut out = String::with_capacity(s.len());
    let (mut before, mut spaces) = (None::<char>, false);
    for c in s.chars() {
        if is_space(c) {
            spaces = true;
            continue;
        }
        if spaces && before.is_some_and(|p| !wide(p)) && !wide(c) {
            out.push(' ');
        }
        spaces = false;
        out.push(c);
        before = Some(c);
    }
    out
}

/// Share of Han characters, not counting spaces nor what stands in brackets (a year
/// range `（2021—2035年）` or a nameplate is part of a title but not its words).
fn han_share(t: &str) -> f64 {
    let (mut han, mut all) = (0u32, 0u32);
    let mut depth = 0u32;
    for c in t.chars().filter(|c| !is_space(*c)) {
        match c {
            '（' | '(' => depth += 1,
            '）' | ')' => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 || matches!(c, '）' | ')') {
            continue;
        }
        all += 1;
        if is_han(c) {
            han += 1;
        }
    }
    f64::from(han) / f64::from(all.max(1))
}

/// A line that could be (part of) a title.
fn title_like(t: &str) -> bool {
    let n = t.chars().take(101).count(); // (only whether it is 4 to 100 matters)
    let Some(last) = t.chars().next_back() else {
        return false;
    };
    (4..=100).contains(&n)
        && !matches!(
            last,
            '。' | '；' | ';' | '：' | ':' | '，' | ',' | '、' | '！' | '!' | '？' | '?'
        )
        && crate::scan::scan_marker_any(t).is_none()
        && han_share(t) >= 0.5
        && !(may_be_date(t) && DATE.is_match(t))
        && doc_no_line(t).is_none()
        && !t.ends_with("文件")
        && !t.starts_with("附件")
        && !t.starts_with("抄送")
        && !crate::scan::has_any(t, &['|', '｜'])
}

/// A line that reads as a document title ending in a genre word.
pub fn genre_title(t: &str) -> bool {
    // a title is at most 100 characters (400 bytes): longer lines are ruled out before
    // any pattern runs; then the genre test, which rules most lines out
    t.len() <= 400 && GENRE.is_match(t) && title_like(t)
}

fn cover_title(t: &str) -> bool {
    // (the ending and the 《 first: most lines have neither, and the four substring
    // searches each cost more than both tests)
    let issues = ["印发", "转发", "印發", "轉發"];
    (t.ends_with("通知") || t.contains('《')) && issues.iter().any(|w| t.contains(w))
        || ["关于印发", "关于转发", "關於印發", "關於轉發"]
            .iter()
            .any(|w| t.starts_with(w))
}

/// A (possibly wrapped) title: line indices and joined text.
#[derive(Clone, Debug)]
struct Cand {
    idx: Vec<usize>,
    text: String,
}

fn iso_date(t: &str) -> Option<String> {
    if !may_be_date(t) {
        return None;
    }
    let c = DATE.captures(t)?;
    let num = |s: &str| -> Option<u32> {
        if s.chars().all(|c| c.is_ascii_digit()) {
            s.parse().ok()
        } else if s.chars().count() == 4 {
            let mut v = 0u32;
            for ch in s.chars() {
                let (d, _, _) = crate::scan::cn_numeral(&ch.to_string())?;
                v = v.checked_mul(10)?.checked_add(d)?;
            }
            Some(v)
        } else {
            crate::scan::cn_numeral(s).map(|x| x.0)
        }
    };
    let (y, m, d) = (
        num(c.name("y")?.as_str())?,
        num(c.name("m")?.as_str())?,
        num(c.name("d")?.as_str())?,
    );
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Can [`DATE`] match `t`? It ends the text with 日 (most lines are answered here,
/// without the pattern).
fn may_be_date(t: &str) -> bool {
    t.ends_with('日')
}

/// Can `t` hold a 文号 ([`doc_no_form`])? One ends in 号 or 號 and brackets its year.
fn may_hold_doc_no(t: &str) -> bool {
    crate::scan::has_any(t, &['号', '號']) && crate::scan::has_any(t, DOC_NO_OPENERS)
}

/// The 文号 that [`DOC_NO`] reads as the whole of `t`, if it does. Its number's 号 ends
/// the line (before at most one closing bracket) unless a 签发人 follows: a line that
/// ends otherwise is no 文号 line, and is answered without the pattern.
fn doc_no_line(t: &str) -> Option<&str> {
    let number_ends = t
        .strip_suffix(['）', ')'])
        .unwrap_or(t)
        .ends_with(['号', '號']);
    if !may_hold_doc_no(t) || !(number_ends || t.contains("签发人")) {
        return None;
    }
    DOC_NO
        .captures(t)?
        .name("no")
        .map(|m| m.as_str())
        .filter(|no| issuer_code_fits(no))
}

/// Split a 主送/抄送 list on separators outside brackets, trimmed, empty items dropped.
fn split_list(t: &str, seps: &[char]) -> Vec<String> {
    crate::duty::split_top(t, |c| seps.contains(&c))
        .filter_map(|(a, b)| t.get(a..b).map(str::trim))
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

fn recipients_line(t: &str) -> Option<Vec<String>> {
    // A scraped page sometimes loses the colon: accept 各…单位 lists without it.
    let bare = t.starts_with('各')
        && crate::scan::has_any(t, &['，', ',', '、'])
        && [
            "单位",
            "部门",
            "政府",
            "委员会",
            "办公室",
            "机关",
            "單位",
            "部門",
        ]
        .iter()
        .any(|w| t.ends_with(w));
    let body = t
        .strip_suffix('：')
        .or_else(|| t.strip_suffix(':'))
        .or(if bare { Some(t) } else { None })?;
    if body.chars().count() > 240 || body.contains('。') || scan_marker(body).is_some() {
        return None;
    }
    let orgish = [
        "各",
        "单位",
        "部门",
        "政府",
        "委员会",
        "办公室",
        "局",
        "厅",
        "機關",
        "机关",
        "單位",
        "部門",
    ];
    if !orgish.iter().any(|w| body.contains(w)) {
        return None;
    }
    let list = split_list(body, &['，', ',']);
    // every item must look like a body, not a clause of a sentence
    if list.iter().any(|s| s.chars().count() > 80) {
        return None;
    }
    Some(list)
}

/// The kept, non-blank lines of a document, with their text.
struct Kept<'a, 'b> {
    lines: &'b [Line<'a>],
    idx: Vec<usize>,
}

impl<'a> Kept<'a, '_> {
    fn text(&self, i: usize) -> &'a str {
        self.lines.get(i).map_or("", |l| l.text)
    }

    fn no(&self, i: usize) -> Option<u32> {
        self.lines.get(i).map(|l| l.no)
    }

    /// Position (in `idx`) of the first heading numbered 1.
    fn first_heading(&self) -> usize {
        self.idx
            .iter()
            .position(|&i| scan_marker(self.text(i)).is_some_and(|m| m.ordinal == 1))
            .unwrap_or(self.idx.len())
    }

    /// Is there a heading numbered 1 after position `p`?
    fn heading_after(&self, p: usize) -> bool {
        self.idx
            .iter()
            .skip(p + 1)
            .any(|&j| scan_marker(self.text(j)).is_some_and(|m| m.ordinal == 1))
    }
}

/// Read the head of the document, phase by phase: the portal table, status lines, the
/// title (and the cover notice's), the block around the title (文号, date, issuer,
/// addressees, page text above it), the issuer named in the title; for a document
/// flattened onto one line, the head inside that line.
pub fn read(lines: &[Line<'_>], keep: &[Keep], warnings: &mut Vec<Warning>) -> Head {
    let mut head = Head {
        roles: vec![None; lines.len()],
        ..Head::default()
    };
    let kept = Kept {
        lines,
        idx: (0..lines.len())
            .filter(|&i| {
                keep.get(i) == Some(&Keep::Yes) && lines.get(i).is_some_and(|l| !l.is_blank())
            })
            .collect(),
    };
    let first_heading = kept.first_heading();
    portal_table(&kept, first_heading, &mut head);
    status_lines(&kept, first_heading, &mut head);
    decree_number(&kept, first_heading, &mut head);
    let cands = title_candidates(&kept, &head);
    let mut choice = choose_title(&kept, &cands, first_heading);
    if choice.title.is_none() {
        choice.title = fallback_title(&kept, first_heading, warnings);
    }
    mark_titles(&kept, &choice, &mut head);
    title_block(&kept, &choice, first_heading, &mut head);
    issuer_from_title(&mut head);
    if head.meta.title.is_none() {
        flattened_head(&kept, &mut head);
    }
    report_dropped(lines, &head, warnings);
    head
}

/// Portal metadata rows (索引号 / 发文机关 / 文号 / 成文日期 …) before the first heading,
/// with colons (`文号：X`) or as a spaced table row (`发布机构 X 文    号 Y`).
fn portal_table(kept: &Kept<'_, '_>, first_heading: usize, head: &mut Head) {
    for &i in kept.idx.iter().take(first_heading) {
        let Some(pairs) = table_pairs(kept.text(i)) else {
            continue;
        };
        for (k, v) in pairs {
            match k.as_str() {
                "发文字号" | "發文字號" | "文号" | "文號" if !v.is_empty() => {
                    head.meta
                        .doc_number
                        .get_or_insert_with(|| squeeze(v).replace(' ', ""));
                }
                "发文机关" | "發文機關" | "发布机构" | "發布機構" if !v.is_empty() =>
                {
                    head.meta.issuer.get_or_insert_with(|| squeeze(v));
                }
                "成文日期" => {
                    head.meta.date = iso_date(v).or_else(|| Some(v.to_string()));
                }
                _ => {}
            }
        }
        if let Some(r) = head.roles.get_mut(i) {
            *r = Some(Role::MetaTable);
        }
    }
}

/// The (key, value) pairs of a portal table row, or None when the line is not one.
fn table_pairs(t: &str) -> Option<Vec<(String, &str)>> {
    // a portal row opens with a key (the first characters of TABLE_ROW's and SPACED_KEY's);
    // it is short: a long line is text (a flattened document may open with one)
    if !t.starts_with(['索', '发', '發', '成', '主', '公', '有', '标', '文'])
        || t.chars().nth(200).is_some()
    {
        return None;
    }
    if let Some(c) = TABLE_ROW.captures(t) {
        let v = c.name("v").map_or("", |m| m.as_str()).trim();
        let k = c.name("k").map_or("", |m| m.as_str());
        if v.is_empty() && !matches!(k, "发文字号" | "成文日期") {
            return None;
        }
        return Some(vec![(k.to_string(), v)]);
    }
    // a spaced row: it opens with a key and holds two keys at least
    let keys: Vec<regex::Match<'_>> = SPACED_KEY.with(|re| re.find_iter(t).collect());
    if keys.len() < 2 || keys.first().is_none_or(|m| m.start() != 0) {
        return None;
    }
    let mut out = Vec::new();
    for (n, m) in keys.iter().enumerate() {
        let to = keys.get(n + 1).map_or(t.len(), |x| x.start());
        let k: String = m.as_str().chars().filter(|c| !is_space(*c)).collect();
        let v = t
            .get(m.end()..to)
            .unwrap_or("")
            .trim_matches(|c: char| is_space(c) || c == ':' || c == '：');
        out.push((k, v));
    }
    Some(out)
}

/// A line that is only a publication status (`（此件公开发布）`, `（已废止）`).
fn status_lines(kept: &Kept<'_, '_>, first_heading: usize, head: &mut Head) {
    for &i in kept.idx.iter().take(first_heading) {
        let t = kept.text(i);
        if is_status_line(t) {
            if let Some(r) = head.roles.get_mut(i) {
                r.get_or_insert(Role::Status);
            }
        }
    }
}

/// The longest status line, in bytes: `（此件公开发布）`.
const STATUS_LINE_MAX: usize = 24;

/// Is the whole of `t` one publication status ([`STATUS`])? Only a short line in brackets
/// can be: any other (the many lines of a long head, or a flattened document's one line)
/// is answered without the regex.
fn is_status_line(t: &str) -> bool {
    t.len() <= STATUS_LINE_MAX
        && t.starts_with(['（', '('])
        && t.ends_with(['）', ')'])
        && STATUS
            .find(t)
            .is_some_and(|m| m.start() == 0 && m.end() == t.len())
}

/// A decree's number: `中华人民共和国国务院令` over `第800号`, or both on one line.
fn decree_number(kept: &Kept<'_, '_>, first_heading: usize, head: &mut Head) {
    let upto = first_heading.min(kept.idx.len());
    for (p, &i) in kept.idx.iter().enumerate().take(upto) {
        let t = kept.text(i);
        // a decree's name and number are short lines holding 令 or 号
        if t.len() > 120 || !crate::scan::has_any(t, &['令', '号', '號']) {
            continue;
        }
        let squeezed = squeeze(t);
        if is_decree(&squeezed) {
            head.meta.doc_number.get_or_insert_with(|| squeezed.clone());
            if let Some(r) = head.roles.get_mut(i) {
                *r = Some(Role::DocNumber);
            }
            return;
        }
        if squeezed.ends_with('令')
            && squeezed.chars().count() <= 20
            && ORG_END.is_match(squeezed.trim_end_matches('令'))
        {
            let Some(&j) = kept.idx.get(p + 1) else {
                return;
            };
            let next = squeeze(kept.text(j));
            if is_decree_no(&next) {
                head.meta
                    .doc_number
                    .get_or_insert_with(|| format!("{squeezed}{next}"));
                for k in [i, j] {
                    if let Some(r) = head.roles.get_mut(k) {
                        *r = Some(Role::DocNumber);
                    }
                }
                return;
            }
        }
    }
}

/// The part of a line that may be title text: without a status marker before or after
/// it (`（此件公开发布）`), a 文号 before it (`滨政办发〔2018〕9号 滨江市…的通知`), or outer
/// 《》 a site wrapped around a notice title. Returns (title text, 文号 if any).
fn title_part(t: &str) -> (&str, Option<&str>) {
    let mut t = t.trim();
    if t.len() > 400 {
        // a title is at most 100 characters: a paragraph holds none of these
        return (t, None);
    }
    // (every status mark is bracketed, every 文号 ends in 号/號: most lines hold neither)
    let bracketed = t.contains('（') || t.contains('(');
    while let Some(m) = bracketed.then(|| STATUS.find(t)).flatten() {
        if m.start() == 0 {
            t = t.get(m.end()..).unwrap_or("").trim_start_matches(is_space);
        } else if m.end() == t.len() {
            t = t.get(..m.start()).unwrap_or("").trim_end_matches(is_space);
        } else {
            break;
        }
    }
    let mut number = None;
    if let Some(m) = may_hold_doc_no(t).then(|| LEADING_NO.find(t)).flatten() {
        number = Some(m.as_str().trim_matches(is_space));
        t = t.get(m.end()..).unwrap_or("");
    }
    if let Some(inner) = t.strip_prefix('《').and_then(|x| x.strip_suffix('》')) {
        if (inner.contains("关于") || inner.contains("關於"))
            && !crate::scan::has_any(inner, &['《', '》'])
        {
            t = inner;
        }
    }
    (t, number)
}

/// Does a title's lower part stand on its own (a year, or an issuer and 关于 open it)?
fn standalone_title(t: &str) -> bool {
    let year = t.chars().take(4).all(|c| c.is_ascii_digit()) && t.chars().nth(4) == Some('年');
    year || about(t)
}

/// Does the text hold 关于 (the line that opens a title with its issuer)?
fn about(s: &str) -> bool {
    s.contains("关于") || s.contains("關於")
}

/// Does `upper` (a line, or a piece of a flattened line, above it) continue the title
/// `joined` read so far? A short title-like text, not a signature unless it holds 关于,
/// and not a genre line above a lower part that stands on its own.
fn continues_title(upper: &str, joined: &str) -> bool {
    // (a title line is short: a long line is ruled out before it is squeezed)
    if upper.is_empty() || upper.len() > 240 {
        return false;
    }
    let squeezed = squeeze(upper);
    squeezed.chars().count() <= 40
        && title_like(&squeezed)
        && (about(upper) || !signature_line(upper))
        && (!genre_title(&squeezed) || !standalone_title(joined))
}

/// Title candidates: a line ending in a genre word, joined with the title-like lines
/// above it (whatever they end in) up to the line that opens with the issuer and 关于.
fn title_candidates(kept: &Kept<'_, '_>, head: &Head) -> Vec<(usize, Cand)> {
    let mut cands: Vec<(usize, Cand)> = Vec::new(); // (position in `kept`, candidate)
    let has_role = |i: usize| head.roles.get(i).copied().flatten().is_some();
    for (p, &i) in kept.idx.iter().enumerate() {
        if !may_end_in_genre(kept.text(i)) {
            continue;
        }
        let (t, _) = title_part(kept.text(i));
        // (a genre word ends the line, spaced or not: test the cheap form first; a line
        // over 1,200 bytes is not a title however spaced out — 400 once squeezed)
        let genre = if t.contains(is_space) {
            t.len() <= 1200 && genre_title(&squeeze(t))
        } else {
            genre_title(t)
        };
        if has_role(i) || !genre {
            continue;
        }
        let mut idx = vec![i];
        let mut joined = t.to_string();
        let mut q = p;
        while !about(&joined) && q > 0 && idx.len() < 4 {
            q -= 1;
            let Some(&j) = kept.idx.get(q) else { break };
            let (pt, _) = title_part(kept.text(j));
            let first = idx.first().copied().unwrap_or(j);
            if j + 5 < first || has_role(j) || !continues_title(pt, &joined) {
                break;
            }
            joined = format!("{pt}{joined}");
            idx.insert(0, j);
        }
        if joined.starts_with("关于") || joined.starts_with("關於") {
            // 发文机关 on its own line above 关于…: one title (GB/T 9704 §7.3.1)
            let first = idx.first().copied().unwrap_or(i);
            let above = kept
                .idx
                .iter()
                .rposition(|&k| k < first)
                .and_then(|q| kept.idx.get(q))
                .copied();
            if let Some(j) = above {
                let pt = kept.text(j);
                if j + 3 >= first && signature_line(pt) && pt.chars().count() <= 30 && !has_role(j)
                {
                    joined = format!("{pt}{joined}");
                    idx.insert(0, j);
                }
            }
        }
        // a qualifier on the line below (（2015—2020年）, （试行）) belongs to the title
        if let Some(&j) = kept.idx.get(p + 1) {
            let below = kept.text(j);
            if QUALIFIER.is_match(below) && !STATUS.is_match(below) && !has_role(j) {
                joined.push_str(below);
                idx.push(j);
            }
        }
        cands.push((
            p,
            Cand {
                idx,
                text: squeeze(&joined),
            },
        ));
    }
    cands
}

/// The title chosen, the cover notice's title, and where the plan starts (in `kept`).
#[derive(Default)]
struct Choice {
    title: Option<Cand>,
    cover: Option<Cand>,
    cover_end: usize,
}

/// The plan's title is the last candidate before the first heading; a 印发 notice before
/// it is the cover. A letter (批复, 函 …) whose 附件 is a document keeps its own title.
fn choose_title(kept: &Kept<'_, '_>, cands: &[(usize, Cand)], first_heading: usize) -> Choice {
    let before_heading: Vec<&(usize, Cand)> =
        cands.iter().filter(|(p, _)| *p < first_heading).collect();
    let mut choice = Choice {
        title: before_heading.last().map(|(_, c)| c.clone()),
        ..Choice::default()
    };
    let Some(t0) = choice.title.clone() else {
        return choice;
    };
    // an 附件 line between an earlier title and this one: this one is the attachment's
    if let Some((_, first)) = before_heading.first() {
        let from = first.idx.last().copied().unwrap_or(0);
        let to = t0.idx.first().copied().unwrap_or(0);
        let annex_between = kept
            .idx
            .iter()
            .any(|&i| i > from && i < to && kept.text(i).starts_with("附件"));
        if annex_between && !cover_title(&first.text) {
            choice.title = Some(first.clone());
            return choice;
        }
    }
    if cover_title(&t0.text) {
        // the plan follows the notice (after the notice's own items, at times)
        let start = t0.idx.last().copied().unwrap_or(0);
        let plan = cands.iter().find(|(p, c)| {
            c.idx.first().is_some_and(|&f| f > start)
                && !cover_title(&c.text)
                && kept.heading_after(*p)
        });
        if let Some((p, c)) = plan {
            choice.cover = Some(t0);
            choice.title = Some(c.clone());
            choice.cover_end = *p + 1 - c.idx.len();
        } else if let Some(q) = attachment_start(&kept.idx, start, &|i| kept.text(i)) {
            // 附件 and then the plan's headings, without a title line of its own:
            // the plan is the document the notice issues
            choice.title = Some(Cand {
                idx: kept.idx.get(q).copied().into_iter().collect(),
                text: issued_title(&t0.text),
            });
            choice.cover = Some(t0);
            choice.cover_end = q;
        }
    } else if let Some(k) = before_heading
        .iter()
        .rposition(|(_, c)| cover_title(&c.text))
    {
        // the plan's title is the first candidate after the notice; later ones before
        // the first heading are subheadings of its preamble
        if let (Some((_, cv)), Some((p, plan))) = (before_heading.get(k), before_heading.get(k + 1))
        {
            choice.cover = Some(cv.clone());
            choice.title = Some(plan.clone());
            choice.cover_end = p + 1 - plan.idx.len();
        }
    }
    choice
}

/// No genre word: the last title-like line before the first paragraph or heading.
fn fallback_title(
    kept: &Kept<'_, '_>,
    first_heading: usize,
    warnings: &mut Vec<Warning>,
) -> Option<Cand> {
    let para = kept
        .idx
        .iter()
        .position(|&i| {
            let t = kept.text(i);
            t.chars().count() >= 40 && t.contains('。')
        })
        .unwrap_or(kept.idx.len())
        .min(first_heading);
    let &i = kept
        .idx
        .iter()
        .take(para)
        .rev()
        .find(|&&i| title_like(kept.text(i)) && kept.text(i).chars().count() <= 60)?;
    warnings.push(Warning {
        code: WarningCode::MetaGuessed,
        message: format!(
            "no line ends in a genre word (要点, 方案, 意见, 通知 …); took line {} as the title",
            kept.no(i).unwrap_or(0)
        ),
        line: kept.no(i),
    });
    Some(Cand {
        idx: vec![i],
        text: squeeze(title_part(kept.text(i)).0),
    })
}

/// Give the title lines their roles; the body starts after the title.
fn mark_titles(kept: &Kept<'_, '_>, choice: &Choice, head: &mut Head) {
    head.body_from = choice
        .title
        .as_ref()
        .and_then(|t| t.idx.last().copied())
        .map_or(0, |i| i + 1);
    for (c, role) in [
        (&choice.cover, Role::CoverTitle),
        (&choice.title, Role::Title),
    ] {
        for &i in c.iter().flat_map(|c| c.idx.iter()) {
            if let Some(r) = head.roles.get_mut(i) {
                *r = Some(role);
            }
            if let (_, Some(no)) = title_part(kept.text(i)) {
                head.meta
                    .doc_number
                    .get_or_insert_with(|| squeeze(no).replace(' ', ""));
            }
        }
    }
    if let Some(cv) = &choice.cover {
        let from = cv.idx.last().map_or(0, |i| i + 1);
        let to = kept
            .idx
            .get(choice.cover_end)
            .copied()
            .unwrap_or(from)
            .max(from);
        head.cover = Some((from, to));
        head.meta.cover_title = Some(cv.text.clone());
    }
    head.meta.title = choice.title.as_ref().map(|t| t.text.clone());
}

/// The lines around the title, up to the body's first heading or paragraph: 文号, date,
/// issuer (红头 `X文件`, or the signature over the date), addressees; page text above the
/// title block is dropped (and counted).
fn title_block(kept: &Kept<'_, '_>, choice: &Choice, first_heading: usize, head: &mut Head) {
    let head_start = choice
        .cover
        .as_ref()
        .or(choice.title.as_ref())
        .and_then(|c| c.idx.first().copied())
        .unwrap_or(0);
    let scan_to = kept
        .idx
        .get(first_heading)
        .copied()
        .unwrap_or(kept.lines.len())
        .max(head.body_from);
    let mut saw_body_paragraph = false;
    let mut prev_kept: Option<usize> = None;
    for &i in &kept.idx {
        if i >= scan_to {
            break;
        }
        if head.roles.get(i).copied().flatten().is_some() {
            continue;
        }
        let t = kept.text(i);
        let before_head = i < head_start;
        let in_block = !saw_body_paragraph || before_head;
        let mut role = None;
        if let Some((no, date)) = number_and_date(t) {
            if head.meta.doc_number.is_none() {
                head.meta.doc_number = no.map(|n| squeeze(n).replace(' ', ""));
            }
            if head.meta.date.is_none() {
                head.meta.date = date;
            }
            role = Some(Role::DocNumber);
        } else if let Some(d) = iso_date(t) {
            if head.meta.date.is_none() {
                head.meta.date = Some(d);
            }
            role = Some(Role::Date);
            // the signature right above the date
            if let Some(&j) = prev_kept.as_ref() {
                if head.roles.get(j).copied().flatten().is_none() && signature_line(kept.text(j)) {
                    head.meta
                        .issuer
                        .get_or_insert_with(|| squeeze(kept.text(j)));
                    if let Some(r) = head.roles.get_mut(j) {
                        *r = Some(Role::Issuer);
                    }
                }
            }
        } else if let Some(org) = t.strip_suffix("文件") {
            if i < head_start + 4 && ORG_END.is_match(org) {
                head.meta.issuer.get_or_insert_with(|| squeeze(org));
                role = Some(Role::Issuer);
            }
        } else if in_block && head.meta.recipients.is_empty() {
            if let Some(r) = recipients_line(t) {
                head.meta.recipients = r;
                role = Some(Role::Recipients);
            }
        }
        if role.is_none() && before_head {
            // a repeated title with its 文号 in front (`津政办规[2023]4号 天津市…的通知`)
            if let (_, Some(no)) = title_part(t) {
                head.meta
                    .doc_number
                    .get_or_insert_with(|| squeeze(no).replace(' ', ""));
            }
            if is_sentence_text(t) {
                head.above_title.push(i);
            } else {
                role = Some(Role::PageHeader);
            }
        }
        if role.is_none() && t.chars().count() >= 40 && i >= head.body_from {
            saw_body_paragraph = true;
        }
        if let Some(r) = head.roles.get_mut(i) {
            *r = role;
        }
        prev_kept = Some(i);
    }
}

/// Text of sentences (not a menu, a teaser label or a repeated title): it ends a
/// sentence and is long enough to say something.
fn is_sentence_text(t: &str) -> bool {
    t.chars().nth(19).is_some()
        && t.ends_with(['。', '！', '？'])
        && !["摘要", "导读", "提示", "简介", "内容提要"]
            .iter()
            .any(|w| t.starts_with(w))
        // the page speaking about the document, not the document
        && !["小编", "供大家参考", "点击", "下载", "本站", "本网"]
            .iter()
            .any(|w| t.contains(w))
}

/// A line holding a 文号, a date, or both (`滨政办字〔2022〕16号  2022年5月6日`).
fn number_and_date(t: &str) -> Option<(Option<&str>, Option<String>)> {
    if !may_hold_doc_no(t) {
        return None;
    }
    if let Some(no) = doc_no_line(t) {
        return Some((Some(no), None));
    }
    let m = LEADING_NO
        .find(t)
        .filter(|m| issuer_code_fits(m.as_str()))?;
    let rest = t.get(m.end()..)?.trim();
    let date = iso_date(rest).or_else(|| dashed_date(rest))?;
    Some((Some(m.as_str().trim()), Some(date)))
}

/// A date written `2023-04-11` (as portals print it next to a 文号).
fn dashed_date(t: &str) -> Option<String> {
    let mut parts = t.split(['-', '/', '.']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    let (y, m, d): (u32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    ((1..=12).contains(&m) && (1..=31).contains(&d)).then(|| format!("{y:04}-{m:02}-{d:02}"))
}

/// Issuer from the title: 湖北省人民政府关于…
fn issuer_from_title(head: &mut Head) {
    if head.meta.issuer.is_some() {
        return;
    }
    let t = head
        .meta
        .cover_title
        .as_deref()
        .or(head.meta.title.as_deref())
        .unwrap_or("");
    if let Some(pos) = t.find("关于") {
        let org = t.get(..pos).unwrap_or("");
        let org = org.trim_start_matches(['【', '[']).trim();
        if !org.is_empty() && ORG_END.is_match(org) && !org.contains('】') {
            head.meta.issuer = Some(org.to_string());
        }
    }
}

/// A document flattened onto one line opens with its title, 文号 and addressees run
/// together (`国务院关于…的决定国发〔2005〕39号各省、…：　　为…`), and closes with the
/// signature and date (`…国务院二〇〇五年十二月三日`).
fn flattened_head(kept: &Kept<'_, '_>, head: &mut Head) {
    let Some(&first) = kept.idx.first() else {
        return;
    };
    let t = kept.text(first);
    if t.len() < 200 {
        return;
    }
    if let Some(c) = flat_head(t) {
        head.meta.title = c.name("t").map(|m| squeeze(m.as_str()));
        if head.meta.doc_number.is_none() {
            head.meta.doc_number = c.name("n").map(|m| m.as_str().replace(' ', ""));
        }
    }
    spaced_head(t, head);
    issuer_from_title(head);
    if head.meta.date.is_none() {
        let last = kept.idx.last().map_or("", |&i| kept.text(i));
        head.meta.date = last_signed_date(last, SIGNATURE_TAIL);
    }
}

/// How far from the end of a flattened line [`last_signed_date`] looks first, in bytes.
const SIGNATURE_TAIL: usize = 4096;

/// The date of the last signature-and-date in `t` — of the last match `find_iter` gives
/// — looked for in the last `tail` bytes first: the signature closes the document, and a
/// document flattened onto one line is long. Only where the tail holds none is the whole
/// line read. Exact: a match of the whole line that reaches into the tail either starts
/// there too, or is cut inside its signer (`办公|厅…`), which the tail then matches from
/// `厅` with the same date; no other match can start inside one (a date holds no signer's
/// first character). The DFA finds the matches; only the last one's groups are read.
fn last_signed_date(t: &str, tail: usize) -> Option<String> {
    let last_match_from = |from: usize| {
        let rest = t.get(from..)?;
        SIGNED_DATE
            .with(|re| re.find_iter(rest).last())
            .map(|m| from + m.start())
    };
    let mut from = t.len().saturating_sub(tail);
    while !t.is_char_boundary(from) {
        from += 1;
    }
    let at = match last_match_from(from) {
        Some(at) => at,
        None if from > 0 => last_match_from(0)?,
        None => return None,
    };
    let c = SIGNED_DATE.captures_at(t, at)?;
    c.name("d").and_then(|m| iso_date(m.as_str()))
}

/// The head of a flattened line whose pieces a crawler separated by runs of spaces
/// (`…网站首页　　关于印发X的通知　　某政发〔2023〕1号　　各区：…　　X　　一、…`): the pieces
/// before the first heading are read as the lines of a title block would be — a genre
/// line is a title, a 印发 notice's title is the cover and the plan's title follows it,
/// a 文号 piece is the number.
fn spaced_head(t: &str, head: &mut Head) {
    let mut pieces: Vec<&str> = Vec::new();
    for piece in t.split("\u{3000}\u{3000}").flat_map(|p| p.split("  ")) {
        let piece = piece.trim_matches(is_space);
        if piece.is_empty() {
            continue;
        }
        if scan_marker(piece).is_some_and(|m| m.ordinal == 1) || pieces.len() >= 40 {
            break;
        }
        pieces.push(piece);
    }
    let mut titles: Vec<String> = Vec::new();
    for (k, piece) in pieces.iter().enumerate() {
        let (text, number) = title_part(piece);
        let number = number.or_else(|| doc_no_line(piece));
        if let Some(n) = number {
            head.meta
                .doc_number
                .get_or_insert_with(|| squeeze(n).replace(' ', ""));
        }
        if text.len() > 400 {
            continue;
        }
        let squeezed = squeeze(text);
        if !genre_title(&squeezed) {
            continue;
        }
        // pieces above that continue the title, as lines of a wrapped title would
        let mut joined = squeezed;
        for up in pieces
            .get(k.saturating_sub(3)..k)
            .unwrap_or(&[])
            .iter()
            .rev()
        {
            let up = title_part(up).0;
            if about(&joined) || !continues_title(up, &joined) {
                break;
            }
            joined = format!("{}{joined}", squeeze(up));
        }
        titles.push(joined);
    }
    let cover = titles.iter().position(|c| cover_title(c));
    let plan = match cover {
        Some(k) => titles
            .get(k + 1..)
            .and_then(|r| r.iter().find(|c| !cover_title(c))),
        None => titles.first(),
    };
    match (
        head.meta.title.as_deref(),
        plan,
        cover.and_then(|k| titles.get(k)),
    ) {
        (Some(found), Some(p), _) if cover_title(found) => {
            head.meta.cover_title = Some(found.to_string());
            head.meta.title = Some(p.clone());
        }
        (None, Some(p), c) => {
            head.meta.title = Some(p.clone());
            head.meta.cover_title = c.cloned();
        }
        (None, None, Some(c)) => head.meta.title = Some(c.clone()),
        _ => {}
    }
}

/// Can `t` end as [`GLUED_END`] matches? Its match ends the text with a date (`…日`),
/// then perhaps a bracket of 2–12 characters holding none (`（此件公开发布）`), then only
/// spaces: a necessary test that spares the pattern on most documents, whose last item
/// ends a sentence or a responsibility clause (`…落实。（市公安局负责）`).
fn may_end_glued(t: &str) -> bool {
    let spaces = [' ', '\t', '\u{3000}', '\u{a0}'];
    let t = t.trim_end_matches(spaces);
    let Some(inside) = t.strip_suffix(['）', ')']) else {
        return t.ends_with('日');
    };
    // the bracket opens at the last bracket character before its close
    let Some(open) = inside.rfind(['（', '(', '）', ')']) else {
        return false;
    };
    let (before, opener) = inside.split_at(open);
    let held = inside.get(open..).map_or(0, |s| s.chars().count() - 1);
    opener.starts_with(['（', '('])
        && (2..=12).contains(&held)
        && before.trim_end_matches(spaces).ends_with('日')
}

/// The signature and date a flattened document ran onto its last item
/// (`…落地见效。国务院办公厅2020年7月15日（此件公开发布）`): cut from that item's last
/// paragraph and returned; the date (and issuer) go to `meta` when it has none.
pub fn glued_back_matter(sections: &mut [crate::outline::Node], meta: &mut Meta) -> String {
    let mut node = match sections.last_mut() {
        Some(n) => n,
        None => return String::new(),
    };
    while !node.children.is_empty() {
        match node.children.last_mut() {
            Some(c) => node = c,
            None => break,
        }
    }
    let Some(para) = node.paras.last_mut() else {
        return String::new();
    };
    if !may_end_glued(&para.text) {
        return String::new();
    }
    let Some(c) = GLUED_END.captures(&para.text) else {
        return String::new();
    };
    let Some(all) = c.get(0) else {
        return String::new();
    };
    // the text before must end a sentence: the signature is not part of it
    let before = para.text.get(..all.start()).unwrap_or("");
    if !before
        .trim_end_matches(is_space)
        .ends_with(['。', '！', '；', '）'])
    {
        return String::new();
    }
    if meta.date.is_none() {
        meta.date = c.name("d").and_then(|m| iso_date(m.as_str()));
    }
    if meta.issuer.is_none() {
        meta.issuer = c.name("o").map(|m| squeeze(m.as_str()));
    }
    let cut = all.as_str().trim_matches(is_space).to_string();
    para.text.truncate(all.start());
    let keep = para.text.trim_end_matches(is_space).len();
    para.text.truncate(keep);
    cut
}

/// Every line dropped as page text above the title, counted in one warning.
fn report_dropped(lines: &[Line<'_>], head: &Head, warnings: &mut Vec<Warning>) {
    let dropped: Vec<usize> = (0..lines.len())
        .filter(|&i| head.roles.get(i) == Some(&Some(Role::PageHeader)))
        .collect();
    if let (Some(&a), Some(&b)) = (dropped.first(), dropped.last()) {
        let shown: Vec<&str> = dropped
            .iter()
            .take(3)
            .filter_map(|&i| lines.get(i).map(|l| l.text))
            .collect();
        warnings.push(Warning {
            code: WarningCode::BoilerplateDropped,
            message: format!(
                "dropped {} line(s) of page text before the title, lines {}–{}: {}",
                dropped.len(),
                lines.get(a).map_or(0, |l| l.no),
                lines.get(b).map_or(0, |l| l.no),
                shown
                    .iter()
                    .map(|t| t.chars().take(30).collect::<String>())
                    .collect::<Vec<_>>()
                    .join(" / ")
            ),
            line: lines.get(a).map(|l| l.no),
        });
    }
}

/// Back matter after the plan's last paragraph: the closing block (signature, date, 抄送,
/// 印发) and the 附件 list go to `meta` and leave the body (`body_idx` is cut); an 附件 list
/// of the cover notice is read too.
pub fn back_matter(
    lines: &[Line<'_>],
    body_idx: &mut Vec<usize>,
    cover_idx: &[usize],
    m: &mut Meta,
    fates: &mut Fates,
) {
    closing_block(lines, body_idx, m, fates);
    if let Some((cut, list)) = attachment_list(lines, body_idx) {
        for &i in body_idx.get(cut..).unwrap_or(&[]) {
            fates.set(i, LineFate::Back(BackMatter::Attachments));
        }
        body_idx.truncate(cut);
        m.attachments = list;
    } else if let Some((_, list)) = attachment_list(lines, cover_idx) {
        m.attachments = list;
    }
}

/// Signature, date, 抄送 and 印发 lines after the plan's last paragraph go to `meta`.
fn closing_block(lines: &[Line<'_>], idx: &mut Vec<usize>, m: &mut Meta, fates: &mut Fates) {
    // Walk back over signature, date, 抄送 and 印发 lines; cut when the block holds a date
    // or a 抄送/印发 line (a bare signature-like line alone is not enough).
    let mut cut = idx.len();
    let mut k = idx.len();
    let mut decisive = false;
    while k > 0 && idx.len() - k < 8 {
        let Some(l) = idx.get(k - 1).and_then(|&i| lines.get(i)) else {
            break;
        };
        let t = l.text;
        let is_date = date_line(t).is_some()
            || (t.ends_with("印发") && date_line(t.trim_end_matches("印发").trim()).is_some());
        let strong = is_date || t.starts_with("抄送");
        let weak = signature_line(t)
            || (t.starts_with(['（', '('])
                && t.chars().count() <= 20
                && ["此件", "联系人", "删减", "删节"]
                    .iter()
                    .any(|w| t.contains(w)));
        if !(strong || weak) {
            break;
        }
        k -= 1;
        decisive |= strong;
        if decisive {
            cut = k;
        }
    }
    if !decisive {
        return;
    }
    for &i in idx.get(cut..).unwrap_or(&[]) {
        let Some(l) = lines.get(i) else { continue };
        let t = l.text;
        let what = if let Some(d) = date_line(t.trim_end_matches("印发").trim()) {
            if m.date.is_none() {
                m.date = Some(d);
            }
            BackMatter::Date
        } else if let Some(cc) = cc_list(t) {
            m.cc = cc;
            BackMatter::Cc
        } else if signature_line(t) {
            if m.issuer.is_none() {
                m.issuer = Some(squeeze(t));
            }
            BackMatter::Signature
        } else {
            BackMatter::Other
        };
        fates.set(i, LineFate::Back(what));
    }
    idx.truncate(cut);
}

/// Position (in `kept`) of a bare 附件 line after `start` that is followed by headings.
fn attachment_start<'a>(
    kept: &[usize],
    start: usize,
    text: &impl Fn(usize) -> &'a str,
) -> Option<usize> {
    let q = kept.iter().position(|&i| {
        let t = text(i);
        i > start
            && t.starts_with("附件")
            && t.chars().count() <= 6
            && t.chars()
                .skip(2)
                .all(|c| c.is_ascii_digit() || matches!(c, '：' | ':' | ' ' | '\u{3000}'))
    })?;
    kept.iter()
        .skip(q + 1)
        .any(|&j| scan_marker(text(j)).is_some_and(|m| m.ordinal == 1))
        .then_some(q)
}

/// The title of the document a notice issues: 《X》, or what stands between 印发 and 的通知.
fn issued_title(cover: &str) -> String {
    if let (Some(a), Some(b)) = (cover.find('《'), cover.rfind('》')) {
        if let Some(t) = cover.get(a + '《'.len_utf8()..b) {
            return t.to_string();
        }
    }
    let after = cover
        .split_once("印发")
        .or_else(|| cover.split_once("转发"))
        .map_or(cover, |(_, x)| x);
    after
        .trim_end_matches("的通知")
        .trim_end_matches("通知")
        .to_string()
}

/// 《…》 references in `text`, each once, with a 发文字号 written right after.
pub fn references(text: &str, out: &mut Vec<Reference>) {
    for (raw, number) in cited(text) {
        // a title is 2 to 80 characters
        if !(2..=80).contains(&raw.chars().count()) {
            continue;
        }
        let title = squeeze(raw);
        let doc_number = number.map(|n| squeeze(n).replace(' ', ""));
        if let Some(r) = out.iter_mut().find(|r| r.title == title) {
            if r.doc_number.is_none() {
                r.doc_number = doc_number;
            }
        } else {
            out.push(Reference { title, doc_number });
        }
    }
}

/// The titles cited in `text` (`《…》`: no 《, 》 or line break inside), each with the 文号
/// in brackets right after it, if any; in order, none overlapping. (Found by searching for
/// the brackets: a pattern whose title is any run of characters but three reads every
/// character through a large automaton.)
fn cited(text: &str) -> impl Iterator<Item = (&str, Option<&str>)> + '_ {
    const OPEN: &str = "《";
    const CLOSE: &str = "》";
    // (a prebuilt searcher: `str::find` with a string sets one up per call)
    static OPENS: LazyLock<memchr::memmem::Finder<'static>> =
        LazyLock::new(|| memchr::memmem::Finder::new(OPEN));
    let mut at = 0usize;
    std::iter::from_fn(move || loop {
        let open = at + OPENS.find(text.get(at..)?.as_bytes())?;
        let from = open + OPEN.len();
        let rest = text.get(from..)?;
        // the first 《, 》 or line break after the opening bracket
        let stop = rest.find(['《', '》', '\n']);
        match stop.map(|k| (k, rest.get(k..).and_then(|r| r.chars().next()))) {
            Some((k, Some('》'))) if k > 0 => {
                let title = rest.get(..k)?;
                let after = from + k + CLOSE.len();
                let number = text.get(after..).and_then(|r| CITED_NUMBER.captures(r));
                let n = number
                    .as_ref()
                    .and_then(|c| c.name("n"))
                    .map(|m| m.as_str());
                let end = number
                    .as_ref()
                    .and_then(|c| c.get(0))
                    .map_or(0, |m| m.end());
                at = after + end;
                return Some((title, n));
            }
            // an empty title, or a title cut by a second 《: look again from just after
            // the opening bracket (the next 《 may open a title)
            Some((_, Some('》' | '《'))) => at = from,
            // a line break: no title spans it
            Some((k, _)) => at = from + k + 1,
            None => return None,
        }
    })
}

/// Is `t` a standalone date line? Returns it in ISO form.
pub fn date_line(t: &str) -> Option<String> {
    iso_date(t)
}

/// Does `t` look like a signature (an issuing body on its own line)?
pub fn signature_line(t: &str) -> bool {
    t.chars().count() <= 40
        && !crate::scan::has_any(t, &['。', '，', ',', '；'])
        && ORG_END.is_match(t)
        && han_share(t) > 0.8
}

/// An 附件 list (附件说明) closing `idx`: returns where it starts and the attachment titles.
pub fn attachment_list(lines: &[Line<'_>], idx: &[usize]) -> Option<(usize, Vec<String>)> {
    let text = |k: usize| {
        idx.get(k)
            .and_then(|&i| lines.get(i))
            .map_or("", |l| l.text)
    };
    let start = (0..idx.len()).rev().find(|&k| {
        let t = text(k);
        t.starts_with("附件") && t.chars().count() <= 80 && !t.contains('。')
    })?;
    let entries_ok = (start + 1..idx.len()).all(|k| {
        let t = text(k);
        t.chars().count() <= 60 && !t.contains('。')
    });
    if !entries_ok {
        return None;
    }
    let mut out = Vec::new();
    for k in start..idx.len() {
        let mut t = text(k);
        if k == start {
            t = t
                .trim_start_matches("附件")
                .trim_start_matches(|c: char| c == '：' || c == ':' || is_space(c));
        }
        if let Some(m) = scan_marker(t) {
            t = t.get(m.len..).unwrap_or("");
        }
        let t = t.trim();
        if !t.is_empty() {
            out.push(t.to_string());
        }
    }
    Some((start, out))
}

/// Split a 抄送 line's list.
pub fn cc_list(t: &str) -> Option<Vec<String>> {
    let rest = t.strip_prefix("抄送")?.trim_start_matches([':', '：', ' ']);
    let rest = rest.trim_end_matches(['。', '.']);
    Some(split_list(rest, &['，', ',', '、']))
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        #[test]
        fn decree_numbers_are_what_the_bounded_patterns_match(
            name in "[国务院令第中华人民共和a]{0,27}",
            digits in "[0-9０-９٣a]{0,7}",
            end in "[号號令]{0,2}",
        ) {
            let decree = regex::Regex::new(r"^\p{Han}{2,24}令第\d{1,5}[号號]$").expect("compiles");
            let decree_no = regex::Regex::new(r"^第\d{1,5}[号號]$").expect("compiles");
            for t in [format!("{name}令第{digits}{end}"), format!("{name}{digits}{end}")] {
                proptest::prop_assert_eq!(is_decree(&t), decree.is_match(&t), "{}", t);
            }
            for t in [format!("第{digits}{end}"), format!("{name}{digits}{end}")] {
                proptest::prop_assert_eq!(is_decree_no(&t), decree_no.is_match(&t), "{}", t);
            }
        }
    }

    #[test]
    fn cited_titles_are_what_the_reference_pattern_finds() {
        // the definition the bracket search replaced
        let pattern = crate::scan::static_regex(
            r"《(?P<t>[^《》\n]+)》(?:\s*[（(](?P<n>[^（）()\n]{0,20}?[〔\[［](?:19|20)\d{2}[〕\]］]\s*\d{1,5}\s*号)[）)])?",
        );
        let pieces = [
            "《",
            "》",
            "\n",
            "关于印发方案的通知",
            "（国发〔2023〕1号）",
            "(国办发[2021]12 号)",
            "（试行）",
            "根据",
            "《》",
            "、",
            " ",
            "（",
            "）",
            "号",
        ];
        // every sequence of up to four pieces, and some longer texts
        let mut texts: Vec<String> = Vec::new();
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        texts.push(format!("{a}{b}{c}{d}"));
                    }
                }
            }
        }
        texts.push(
            "依据《中华人民共和国某法》和《某省条例》（某政发〔2020〕3号）《《嵌套》》".into(),
        );
        texts.push("《甲\n乙》《丙》 （国发〔2023〕10号）".into());
        for t in &texts {
            let want: Vec<(&str, Option<&str>)> = pattern
                .captures_iter(t)
                .map(|c| {
                    (
                        c.name("t").map_or("", |m| m.as_str()),
                        c.name("n").map(|m| m.as_str()),
                    )
                })
                .collect();
            assert_eq!(cited(t).collect::<Vec<_>>(), want, "{t:?}");
        }
    }

    #[test]
    fn every_glued_end_passes_the_end_test() {
        let ends = [
            "",
            "（此件公开发布）",
            "(此件公开发布)",
            "　",
            " \t",
            "（此件公开发布）\u{a0}",
        ];
        for body in [
            "落地见效。国务院办公厅2020年7月15日",
            "抓好落实。某某市人民政府　二〇二三年三月一日",
            "认真执行。市委办公室 2023年 3 月 1 日",
            "抓好落实。",
            "工作要点",
        ] {
            for end in ends {
                let t = format!("{body}{end}");
                if GLUED_END.is_match(&t) {
                    assert!(may_end_glued(&t), "{t}");
                }
            }
        }
        assert!(GLUED_END.is_match("落地见效。国务院办公厅2020年7月15日（此件公开发布）　"));
        assert!(!may_end_glued("抓好落实。"));
        assert!(!may_end_glued("抓好落实。（市公安局牵头，市检察院配合）"));
    }

    proptest::proptest! {
        // The end test only spares work: every text GLUED_END matches passes it. (The
        // texts end in a signature and date, or not, then brackets of several lengths and
        // kinds, and spaces.)
        #[test]
        fn every_text_the_glued_end_matches_passes_the_end_test(
            body in proptest::sample::select(vec![
                "落实。国务院办公厅2020年7月15日", "落实。市人民政府　二〇二三年三月一日",
                "落实。（市公安局负责）", "落实。", "日",
            ]),
            gap in proptest::sample::select(vec!["", " ", "　", "\u{a0}", "\t"]),
            open in proptest::sample::select(vec!["", "（", "("]),
            held in 0usize..15,
            inner in proptest::sample::select(vec!["此", "（", "）", "日"]),
            close in proptest::sample::select(vec!["", "）", ")"]),
            end in proptest::sample::select(vec!["", " ", "　\u{a0}"]),
        ) {
            let t = format!("{body}{gap}{open}{}{close}{end}", inner.repeat(held));
            if GLUED_END.is_match(&t) {
                proptest::prop_assert!(may_end_glued(&t), "{}", t);
            }
        }
    }

    #[test]
    fn squeeze_removes_layout_spaces() {
        assert_eq!(
            squeeze("2023 年信阳市打击侵犯知识产权和 制售假冒伪劣商品工作要点"),
            "2023年信阳市打击侵犯知识产权和制售假冒伪劣商品工作要点"
        );
        assert_eq!(squeeze("信打假办〔2023〕 3号"), "信打假办〔2023〕3号");
        assert_eq!(squeeze("Open  Source 方案"), "Open Source方案");
    }

    #[test]
    fn dates() {
        assert_eq!(iso_date("2017年6月29日").as_deref(), Some("2017-06-29"));
        assert_eq!(
            iso_date("二〇二三年三月一日").as_deref(),
            Some("2023-03-01")
        );
        assert_eq!(
            iso_date("2023 年 12 月 31 日").as_deref(),
            Some("2023-12-31")
        );
        assert!(iso_date("12月29日上午").is_none());
    }

    #[test]
    fn doc_numbers() {
        for (t, want) in [
            ("信打假办〔2023〕 3号", "信打假办〔2023〕 3号"),
            ("鄂政发〔2017〕59号", "鄂政发〔2017〕59号"),
            ("国办发[2024]12号", "国办发[2024]12号"),
            ("京政办发（2024）3号  签发人：张三", "京政办发（2024）3号"),
            ("(乐府办函〔2020〕8号)", "乐府办函〔2020〕8号"),
            ("國辦發〔2019〕12號", "國辦發〔2019〕12號"),
        ] {
            let c = DOC_NO.captures(t).unwrap_or_else(|| panic!("{t}"));
            assert_eq!(c.name("no").map(|m| m.as_str()), Some(want));
        }
        assert!(DOC_NO
            .captures("根据《意见》（国办发〔2017〕46号）精神")
            .is_none());
    }

    #[test]
    fn every_portal_key_opens_a_row() {
        let keys = "索引号|发文机关|發文機關|发文字号|發文字號|成文日期|发布日期|發布日期|主题分类|主題分類|公文种类|有效性|标题|文号|主题词";
        for k in keys.split('|') {
            assert!(table_pairs(&format!("{k}：某")).is_some(), "{k}");
        }
        for k in [
            "索 引 号",
            "发文日期",
            "发布日期",
            "成文日期",
            "发布机构",
            "发文机关",
            "发文字号",
            "文  号",
            "主题分类",
            "公文种类",
        ] {
            assert!(table_pairs(&format!("{k} 甲 索引号 乙")).is_some(), "{k}");
        }
        assert!(table_pairs("各有关单位：某").is_none());
    }

    #[test]
    fn genre_prefilter_never_rules_out_a_title() {
        let titles = [
            "某市2024年知识产权保护工作要点",
            "关于印发《某市实施方案》的通知（此件公开发布）",
            "某县乡村振兴实施方案（2023—2025年）",
            "“十四五”规划》",
            "某 市 工 作 要 点　",
            "某市人民政府令",
        ];
        for t in titles {
            assert!(may_end_in_genre(t), "{t}");
        }
        // lines ending otherwise are ruled out, as the full test rules them out
        for t in [
            "加强市场监管。",
            "（市农业农村局牵头，市工信局负责）",
            "2024年3月1日",
            "（一）",
        ] {
            assert!(!may_end_in_genre(t), "{t}");
            assert!(!genre_title(title_part(t).0), "{t}");
        }
    }

    #[test]
    fn genre_and_cover() {
        assert!(genre_title(
            "2023年信阳市打击侵犯知识产权和制售假冒伪劣商品工作要点"
        ));
        assert!(genre_title("关于加强知识产权保护的实施意见（试行）"));
        assert!(genre_title("某省知识产权保护三年行动方案（2023—2025年）"));
        assert!(!genre_title("现将《工作要点》印发给你们，请认真贯彻执行。"));
        assert!(cover_title(
            "关于印发《2023年信阳市打击侵犯知识产权和制售假冒伪劣商品工作要点》的通知"
        ));
        assert!(cover_title(
            "关于印发2017年河南省打击侵犯知识产权和制售假冒伪劣商品工作任务及分工方案"
        ));
        assert!(!cover_title("关于加强互联网领域侵权假冒行为治理的实施意见"));
    }

    #[test]
    fn recipients() {
        let r = recipients_line("各县、区（管理区、开发区）打击侵犯知识产权和制售假冒伪劣商品工作领导小组办公室，市打击侵犯知识产权和制售假冒伪劣商品工作领导小组成员单位：");
        assert_eq!(r.map(|v| v.len()), Some(2));
        assert!(recipients_line("现提出以下实施意见:").is_none());
    }

    #[test]
    fn refs() {
        let mut v = Vec::new();
        references("根据《国务院办公厅关于印发2017年全国打击侵犯知识产权和制售假冒伪劣商品工作要点的通知》(国办发〔2017〕46号)精神，推进《质量强国建设纲要》实施", &mut v);
        assert_eq!(v.len(), 2);
        assert_eq!(
            v.first().and_then(|r| r.doc_number.as_deref()),
            Some("国办发〔2017〕46号")
        );
        assert_eq!(v.get(1).map(|r| r.doc_number.is_none()), Some(true));
    }

    proptest::proptest! {
        // Looking in the tail first never changes the date read: the answer is the last
        // match of the whole line, wherever the tail starts (signers cut in two included).
        #[test]
        fn the_signed_date_read_from_the_tail_is_the_last_in_the_line(
            pieces in proptest::collection::vec(proptest::sample::select(vec![
                "办公厅", "厅", "办公室", "政府", "委员会", "局", "部", "院", "办公",
                "二〇二三年", "2023年", "2024 年", "五月", "6月", "十二月", "三日", "1日", "二十一日",
                " ", "\u{3000}", "，", "。", "印发", "通知",
            ]), 0..24),
            tail in 0usize..80,
        ) {
            let t = pieces.concat();
            let whole = SIGNED_DATE
                .with(|re| re.find_iter(&t).last())
                .and_then(|m| SIGNED_DATE.captures_at(&t, m.start()))
                .and_then(|c| c.name("d").and_then(|m| iso_date(m.as_str())));
            proptest::prop_assert_eq!(last_signed_date(&t, tail), whole, "{}", t);
        }
    }

    proptest::proptest! {
        // The title's upper bound tested after the match reads what the bounded pattern
        // reads: the same title and number, or nothing.
        #[test]
        fn a_flat_head_is_what_the_bounded_pattern_reads(
            head in proptest::collection::vec(proptest::sample::select(vec![
                "市", "人民政府", "关于", "印发", "工作", "要点", "方案", "的", "函", "通知",
                "决定", "a", "1",
            ]), 0..60),
            // a separator the title cannot hold, somewhere (or nowhere)
            cut in proptest::sample::select(vec!["", " ", "，", "。"]),
            cut_at in 0usize..60,
            // titles about the bound long: a run of characters before the pieces
            run in 0usize..90,
            number in proptest::sample::select(vec![
                "", "国发〔2005〕39号", "某政办函 〔2023〕 1 号", "市府〔2020〕第5号", "〔2020〕5号",
            ]),
            rest in proptest::sample::select(vec!["", "各区：", "通知各单位"]),
        ) {
            static BOUNDED: Pattern = pattern!(|| {
                crate::scan::static_regex(&format!(
                    r"^(?P<t>[^。；：:，,\s]{{4,80}}?(?:决定|意见|通知|函|批复|方案|规划|要点|办法|条例|规定|细则|报告|纲要|计划))(?P<n>{})",
                    doc_no_form_bounded()
                ))
            });
            let mut head = head;
            if cut_at < head.len() {
                head.insert(cut_at, cut);
            }
            let t = format!("{}{}{number}{rest}", "局".repeat(run), head.concat());
            let read = |c: Option<regex::Captures<'_>>| {
                c.map(|c| (c.name("t").map(|m| m.range()), c.name("n").map(|m| m.range())))
            };
            proptest::prop_assert_eq!(read(flat_head(&t)), read(BOUNDED.captures(&t)), "{}", t);
        }
    }

    proptest::proptest! {
            // The tests in front of DATE, DOC_NO and LEADING_NO only spare work: every text
            // a pattern matches passes its test. (Texts are built slot by slot, each slot
            // mostly filled as the patterns want, so that most of them match.)
            #[test]
            fn dates_and_numbers_pass_the_tests_in_front_of_their_patterns(
                label in proptest::sample::select(vec!["", "成文日期：", "文号：", "（"]),
                year in proptest::sample::select(vec!["2023", "二〇二三", "1999", "20２3"]),
                month in proptest::sample::select(vec!["6", "十二", "13", ""]),
                day in proptest::sample::select(vec!["1", "三十一", "31", "上午"]),
                last in proptest::sample::select(vec!["日", "日 ", "号", "日上午", ""]),
                agency in proptest::sample::select(vec![
                    "国办发", "Ab", "", "某政办函 ",
                    // a 机关代字 of 16 characters, the most (also before a space), and of 17
                    "某某省某某市某某县人民政府办公室", "某某省某某市某某县人民政府办公室 ",
                    "某某省某某市某某县人民政府办公室发",
                ]),
                open in proptest::sample::select(vec!["〔", "[", "［", "【", "（", "(", "<"]),
                close in proptest::sample::select(vec!["〕", "]", "］", "】", "）", ")", ""]),
                number in proptest::sample::select(vec!["46号", "第 5 號", "7", "12号 签发人：张三"]),
                after in proptest::sample::select(vec!["", " ", "\u{3000}2023年6月1日", "）", " 2023-04-11"]),
                spaces in proptest::collection::vec(proptest::bool::ANY, 4),
            ) {
                let sp = |k: usize| if spaces.get(k).copied().unwrap_or(false) { " " } else { "" };
                let date = format!("{label}{year}{}年{month}月{}{day}{last}", sp(0), sp(1));
                if DATE.is_match(&date) {
                    proptest::prop_assert!(may_be_date(&date), "{}", date);
                }
                let no = format!("{label}{agency}{open}{}{year}{close}{}{number}{after}", sp(2), sp(3));
                if DOC_NO.is_match(&no) || LEADING_NO.is_match(&no) {
                    proptest::prop_assert!(may_hold_doc_no(&no), "{}", no);
                }
                // the patterns with the bounded code read what the code's test after the match
                // reads
    static BOUNDED: std::sync::LazyLock<(regex::Regex, regex::Regex)> =
                    std::sync::LazyLock::new(|| {
                        let form = doc_no_form_bounded();
                        (
                            crate::scan::static_regex(&doc_no_line_pattern(&form)),
                            crate::scan::static_regex(&leading_no_pattern(&form)),
                        )
                    });
                let whole = BOUNDED.0.captures(&no).and_then(|c| c.name("no")).map(|m| m.as_str());
                proptest::prop_assert_eq!(doc_no_line(&no), whole, "{}", no);
                let leading = LEADING_NO
                    .find(&no)
                    .filter(|m| issuer_code_fits(m.as_str()))
                    .map(|m| m.range());
                proptest::prop_assert_eq!(leading, BOUNDED.1.find(&no).map(|m| m.range()), "{}", no);
            }
        }

    proptest::proptest! {
        // The length and bracket tests in front of STATUS only spare work.
        #[test]
        fn a_status_line_is_what_the_status_pattern_matches_whole(
            open in proptest::sample::select(vec!["（", "(", "", "【"]),
            word in proptest::sample::select(vec![
                "此件公开发布", "此件公開發佈", "此件主动公开", "此件主動公開", "此件不公开",
                "已废止", "部分失效", "有效", "已修改", "此件公开发布了", "公开",
            ]),
            close in proptest::sample::select(vec!["）", ")", "", "）。"]),
            around in proptest::sample::select(vec!["", " ", "附件", "（有效）"]),
            before in proptest::bool::ANY,
        ) {
            let core = format!("{open}{word}{close}");
            let t = if before { format!("{around}{core}") } else { format!("{core}{around}") };
            let whole = STATUS
                .find(&t)
                .is_some_and(|m| m.start() == 0 && m.end() == t.len());
            proptest::prop_assert_eq!(is_status_line(&t), whole, "{}", t);
        }
    }
}
