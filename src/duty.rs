//! Stage 6: responsibility clauses — who leads, who is responsible, who supports.
//!
//! ## Grammar
//! A clause is a bracketed group (`（）` `()` `〔〕` `［］` `【】`, or a bracket left open at
//! the end of a paragraph) or a labelled line, whose whole content reads as
//! comma/semicolon-separated segments of this form:
//!
//! ```text
//! segment  := label "：" units                       牵头单位：X、Y / 责任单位：Z / 配合单位：W
//!           | ["由"] units ["会同" units] role-word    X、Y按职责分工分别负责 / X牵头 / Y配合
//!           | units                                  a bare list; takes the next segment's role
//! units    := unit ("、" unit)* ["等"]               等 marks the list open-ended
//! role-word:= [共同]牵头[负责]  → lead
//!           | [按职责分工][分别]负责[落实]   → responsible (support when the clause has a lead)
//!           | 配合 | 参与 | 协助 | 协同      → support
//! ```
//!
//! A **bare** bracket holding only units （市商务粮食局） is a clause only where it closes
//! a sentence (after `。`/`；`). Every unit must look like a unit — end in a suffix of
//! `data/units.txt` (局, 厅, 委, 办, 海关, 支行, 单位 …) — so （管理区、开发区）, （含化妆品、
//! 医疗器械）, （2021—2035 年）, （备案） are not clauses. Traditional script (牽頭, 負責,
//! 按職責分工) reads the same.
//!
//! ## Unit names
//! The clause's jurisdiction prefix (省, 市, 信阳市 …) is carried to listed names that are
//! bare department stems (`省公安厅、农业厅` → `省农业厅`); names qualified by a place or
//! body (郑州海关, 河南出入境检验检疫局, 人行郑州中心支行) are kept. Two stems run together
//! without 、 (`烟草专卖局盐务管理局`) are split, and the repair is reported.
//!
//! ## Diagnostics
//! `duty_unparsed` (a bracket with 负责/牵头 that does not read as a clause),
//! `duty_repaired` (unclosed bracket, missing 、), `duty_convention`.

use crate::model::Responsibility;
use regex::Regex;
use rustc_hash::FxHashSet as HashSet;
use std::borrow::Cow;
use std::sync::LazyLock;

/// The unit lexicon: department stems, unit suffixes, place names.
#[derive(Clone, Debug, Default)]
pub struct Lexicon {
    stems: HashSet<String>,
    /// Last characters of every stem and suffix (plus 等 and a closing bracket).
    last_chars: HashSet<char>,
    suffixes: HashSet<String>,
    /// Byte lengths of the suffixes: a name is tested against each length, not each suffix.
    suffix_lens: Vec<usize>,
    places: HashSet<String>,
    /// Byte lengths of the place names.
    place_lens: Vec<usize>,
}

const BUILTIN: &str = include_str!("../data/units.txt");

static DEFAULT_LEXICON: LazyLock<Lexicon> = LazyLock::new(|| {
    let mut l = Lexicon::default();
    l.extend(BUILTIN);
    l
});

impl Lexicon {
    /// The lexicon shipped in `data/units.txt`.
    pub fn builtin() -> &'static Lexicon {
        &DEFAULT_LEXICON
    }

    /// Add the entries of a lexicon file (same format as `data/units.txt`).
    pub fn extend(&mut self, text: &str) {
        let mut section = "";
        for raw in text.lines() {
            let line = raw.split('#').next().unwrap_or("").trim();
            if line.is_empty() {
                continue;
            }
            if line.starts_with('[') && line.ends_with(']') {
                section = if line.contains("stems") {
                    "stems"
                } else if line.contains("suffix") {
                    "suffixes"
                } else if line.contains("place") {
                    "places"
                } else {
                    ""
                };
                continue;
            }
            let v = fold(line).into_owned();
            match section {
                "stems" => {
                    self.stems.insert(v);
                }
                "suffixes" => {
                    self.suffixes.insert(v);
                }
                "places" => {
                    self.places.insert(v);
                }
                _ => {}
            }
        }
        let lens = |set: &HashSet<String>| {
            let mut v: Vec<usize> = set.iter().map(String::len).collect();
            v.sort_unstable();
            v.dedup();
            v
        };
        self.suffix_lens = lens(&self.suffixes);
        self.place_lens = lens(&self.places);
        self.last_chars = self
            .stems
            .iter()
            .chain(&self.suffixes)
            .filter_map(|s| s.chars().next_back())
            .chain([
                '等', '）', ')', '区', '县', '市', '地', '镇', '道', '旗', '盟', '州',
            ])
            .collect();
    }

    fn is_stem(&self, folded: &str) -> bool {
        self.stems.contains(folded)
    }

    fn starts_with_place(&self, folded: &str) -> bool {
        self.place_lens
            .iter()
            .any(|&n| folded.get(..n).is_some_and(|h| self.places.contains(h)))
    }

    /// Does `folded` end with one of the unit suffixes?
    fn ends_with_suffix(&self, folded: &str) -> bool {
        self.suffix_lens.iter().any(|&n| {
            folded
                .len()
                .checked_sub(n)
                .and_then(|k| folded.get(k..))
                .is_some_and(|t| self.suffixes.contains(t))
        })
    }

    /// Could `s` end with a unit name? (Its last character ends some suffix or stem.)
    pub fn may_end_unit(&self, s: &str) -> bool {
        s.chars()
            .next_back()
            .map(fold_char)
            .is_some_and(|c| self.last_chars.contains(&c))
    }

    /// Does `name` look like the name of a unit (body, department, group of units)?
    pub fn looks_like_unit(&self, name: &str) -> bool {
        let f = fold(name);
        let n = f.chars().count();
        if !(2..=40).contains(&n) {
            return false;
        }
        // 各县（市、区）, 各地, 各县区, 各乡镇: every such body
        if f.starts_with('各') && n <= 12 {
            let rest = f.trim_start_matches('各');
            let head = rest.split(['（', '(']).next().unwrap_or("");
            if !head.is_empty()
                && head.chars().all(|c| {
                    matches!(
                        c,
                        '省' | '市'
                            | '县'
                            | '区'
                            | '地'
                            | '乡'
                            | '镇'
                            | '州'
                            | '盟'
                            | '旗'
                            | '街'
                            | '道'
                            | '辖'
                    )
                })
            {
                return true;
            }
        }
        if f.chars().any(|c| {
            c.is_ascii_digit()
                || matches!(
                    c,
                    '。' | '，' | ',' | '；' | ';' | '：' | ':' | '《' | '》' | '“' | '”'
                )
        }) {
            return false;
        }
        if f.starts_with('含') || f.starts_with('如') || f.starts_with("包括") {
            return false;
        }
        // 各县（市、区）人民政府, 省委宣传部（省版权局）: balanced brackets inside, not first
        if f.contains(['（', '(', '）', ')']) {
            let head = f.split(['（', '(']).next().unwrap_or("");
            if head.is_empty()
                || crate::text::open_depth(&f) != 0
                || f.matches(['（', '(']).count() != f.matches(['）', ')']).count()
            {
                return false;
            }
            if f.ends_with(['）', ')']) {
                // the name is before the bracket: 省委宣传部（省版权局）
                return self.is_stem(head) || self.ends_with_suffix(head);
            }
        }
        self.is_stem(&f) || self.ends_with_suffix(&f)
    }

    /// Is `name` a department stem written without its jurisdiction prefix?
    pub fn is_bare(&self, name: &str) -> bool {
        let f = fold(name);
        if self.is_stem(&f) {
            return true;
        }
        let n = f.chars().count();
        // a jurisdiction character that is not the 市 of 市场
        let mut chars = f.chars().peekable();
        let mut jurisdiction = false;
        while let Some(c) = chars.next() {
            if matches!(c, '省' | '县' | '州' | '区') || (c == '市' && chars.peek() != Some(&'场'))
            {
                jurisdiction = true;
                break;
            }
        }
        (2..=7).contains(&n)
            && f.ends_with(['厅', '局', '委', '办'])
            && !jurisdiction
            && !self.starts_with_place(&f)
            && !["国家", "国务院", "中央", "全国", "中国"]
                .iter()
                .any(|p| f.starts_with(p))
    }

    /// The jurisdiction prefix of `name` (`省` of 省公安厅, `信阳市` of 信阳市公安局).
    pub fn prefix_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        let f = fold(name);
        if self.is_stem(&f) {
            return None; // 市场监管局 is a stem, not 市 + 场监管局
        }
        for (k, (i, c)) in f.char_indices().enumerate() {
            if k >= 10 {
                break;
            }
            let autonomous = c == '州' && f.get(..i).is_some_and(|p| p.ends_with("自治"));
            if !matches!(c, '省' | '市' | '县' | '区' | '盟' | '旗') && !autonomous {
                continue;
            }
            let rest = f.get(i + c.len_utf8()..).unwrap_or("");
            if c == '市' && rest.starts_with('场') {
                continue; // 市场 is a word
            }
            let stemish = self.is_bare(rest)
                || rest.starts_with('委')
                || rest.starts_with("政府")
                || rest.starts_with("打击")
                || rest.starts_with("领导小组")
                || (self.looks_like_unit(rest) && rest.chars().count() >= 2 && k == 0);
            if stemish && !rest.is_empty() {
                return name.get(..i + c.len_utf8());
            }
        }
        None
    }

    /// Split two stems run together without 、 (烟草专卖局盐务管理局).
    fn split_run(&self, name: &str) -> Option<(String, String)> {
        let f = fold(name);
        // two names run together hold at least two name endings
        let endings = f
            .chars()
            .filter(|c| matches!(c, '局' | '厅' | '委' | '办' | '院'))
            .count();
        if endings < 2 || self.is_stem(&f) || f.chars().count() < 6 {
            return None;
        }
        for (i, c) in f.char_indices() {
            if !matches!(c, '局' | '厅' | '委' | '办' | '院') {
                continue;
            }
            let cut = i + c.len_utf8();
            let (l, r) = (f.get(..cut)?, f.get(cut..)?);
            if r.is_empty() {
                continue;
            }
            let l_ok = self.is_bare(l)
                || self
                    .prefix_of(l)
                    .is_some_and(|p| self.is_bare(l.get(p.len()..).unwrap_or("")));
            if l_ok && (self.is_bare(r) || self.prefix_of(r).is_some()) && self.looks_like_unit(r) {
                return Some((name.get(..cut)?.to_string(), name.get(cut..)?.to_string()));
            }
        }
        None
    }
}

/// Traditional characters that occur in clauses and unit names, with their simplified forms.
/// Every pair is three bytes in UTF-8, so byte offsets are preserved.
const PAIRS: &[(char, char)] = &[
    ('牽', '牵'),
    ('頭', '头'),
    ('負', '负'),
    ('責', '责'),
    ('職', '职'),
    ('別', '别'),
    ('協', '协'),
    ('參', '参'),
    ('與', '与'),
    ('門', '门'),
    ('單', '单'),
    ('辦', '办'),
    ('會', '会'),
    ('廳', '厅'),
    ('關', '关'),
    ('務', '务'),
    ('監', '监'),
    ('衛', '卫'),
    ('農', '农'),
    ('業', '业'),
    ('廣', '广'),
    ('電', '电'),
    ('視', '视'),
    ('聞', '闻'),
    ('識', '识'),
    ('產', '产'),
    ('權', '权'),
    ('區', '区'),
    ('縣', '县'),
    ('鄉', '乡'),
    ('鎮', '镇'),
    ('劃', '划'),
    ('計', '计'),
    ('發', '发'),
    ('員', '员'),
    ('組', '组'),
    ('稅', '税'),
    ('環', '环'),
    ('態', '态'),
    ('資', '资'),
    ('設', '设'),
    ('濟', '济'),
    ('貿', '贸'),
    ('醫', '医'),
    ('藥', '药'),
    ('審', '审'),
    ('統', '统'),
    ('檢', '检'),
    ('驗', '验'),
    ('總', '总'),
    ('隊', '队'),
    ('處', '处'),
    ('體', '体'),
    ('軍', '军'),
    ('網', '网'),
    ('經', '经'),
    ('營', '营'),
    ('進', '进'),
    ('導', '导'),
    ('專', '专'),
    ('賣', '卖'),
    ('郵', '邮'),
    ('遞', '递'),
    ('質', '质'),
    ('傳', '传'),
    ('執', '执'),
    ('聯', '联'),
    ('綜', '综'),
    ('館', '馆'),
    ('構', '构'),
    ('黨', '党'),
    ('團', '团'),
    ('銀', '银'),
    ('國', '国'),
    ('機', '机'),
    ('從', '从'),
    ('應', '应'),
    ('開', '开'),
    ('學', '学'),
    ('報', '报'),
    ('實', '实'),
    ('為', '为'),
    ('條', '条'),
    ('舉', '举'),
    ('護', '护'),
    ('標', '标'),
    ('準', '准'),
    ('廠', '厂'),
    ('級', '级'),
    ('狀', '状'),
    ('當', '当'),
    ('則', '则'),
    ('價', '价'),
    ('歸', '归'),
    ('區', '区'),
    ('東', '东'),
    ('舊', '旧'),
    ('華', '华'),
    ('興', '兴'),
    ('軟', '软'),
    ('號', '号'),
    ('說', '说'),
    ('時', '时'),
    ('聽', '听'),
    ('觀', '观'),
    ('廈', '厦'),
    ('場', '场'),
    ('據', '据'),
    ('繫', '系'),
    ('係', '系'),
    ('紀', '纪'),
    ('際', '际'),
    ('內', '内'),
    ('顯', '显'),
    ('藝', '艺'),
    ('圖', '图'),
    ('書', '书'),
    ('檔', '档'),
    ('庫', '库'),
    ('億', '亿'),
    ('們', '们'),
    ('個', '个'),
    ('這', '这'),
    ('對', '对'),
    ('將', '将'),
    ('門', '门'),
    ('長', '长'),
    ('見', '见'),
    ('規', '规'),
    ('劃', '划'),
    ('廳', '厅'),
    ('戶', '户'),
    ('壓', '压'),
    ('權', '权'),
    ('衛', '卫'),
    ('財', '财'),
    ('政', '政'),
    ('稅', '税'),
];

const FOLD_WORDS: usize = (0x9FFF - 0x4E00) / 64 + 1;

/// One bit per CJK Unified Ideograph: is it a traditional form in [`PAIRS`]? Built at
/// compile time, so the test for "nothing to fold" is one load per character.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler: out of range fails the build
const FOLD_BITS: [u64; FOLD_WORDS] = {
    let mut b = [0u64; FOLD_WORDS];
    let mut i = 0;
    while i < PAIRS.len() {
        let (t, simple) = PAIRS[i];
        if t != simple {
            let k = t as usize - 0x4E00;
            b[k / 64] |= 1 << (k % 64);
        }
        i += 1;
    }
    b
};

/// Is `c` a traditional form that [`fold_char`] maps?
#[inline]
fn is_folded(c: char) -> bool {
    let k = (c as usize).wrapping_sub(0x4E00);
    FOLD_BITS
        .get(k / 64)
        .is_some_and(|w| (w >> (k % 64)) & 1 == 1)
}

/// Map traditional characters that occur in clauses and unit names to simplified ones.
pub fn fold_char(c: char) -> char {
    static SORTED: LazyLock<Vec<(char, char)>> = LazyLock::new(|| {
        let mut v = PAIRS.to_vec();
        v.sort_unstable();
        v.dedup_by_key(|p| p.0);
        v
    });
    if !is_folded(c) {
        return c;
    }
    SORTED
        .binary_search_by_key(&c, |p| p.0)
        .ok()
        .and_then(|i| SORTED.get(i))
        .map_or(c, |p| p.1)
}

/// Fold a string with [`fold_char`]; byte offsets are unchanged.
/// Borrowed when nothing needs folding (the common case: simplified text).
pub fn fold(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_folded) {
        Cow::Borrowed(s)
    } else {
        Cow::Owned(s.chars().map(fold_char).collect())
    }
}

static LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"^(?P<l>(?:牵头|主办|主责|责任|负责|实施|承办|执行|配合|协办|协助|参与|支持|协同)(?:单位|部门|机关|机构))\s*[:：]\s*",
    )
});

static INLINE_LABEL: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"[。；;][ \u{3000}]*(?:牵头单位|牵头部门|责任单位|责任部门|主办单位)\s*[:：]",
    )
});

/// A role word directly followed by 、 or a space: a segment boundary.
static ROLE_THEN_SEP: LazyLock<Regex> =
    LazyLock::new(|| crate::scan::static_regex(r"(?:牵头|负责|配合|参与|协助|落实)[、 \u{3000}]"));

static LEAD_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"(?:按照?职责分工|按职责)?(?:共同|分别)?(?:牵头(?:负责|抓总)?|负责牵头|为牵头单位|为牵头部门)(?:落实|实施|推进)?$",
    )
});

static SUPPORT_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"(?:按照?职责分工|按职责|根据职责|按各自职责|依职责)?(?:分别|共同)?(?:配合|参与|参加|协助|协作|协同|协办|支持|为配合单位|为配合部门)(?:落实|实施)?$",
    )
});

static RESP_END: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"(?:按照?职责分工|按照?职责|根据职责|按各自职责|依职责|依据职责)?(?:分别|共同|具体)?(?:负责|落实|承担|指导|为责任单位|为责任部门)(?:落实|实施)?$",
    )
});

static DEADLINE: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(concat!(
        r"^(?:(?:完成时限|完成时间|时间节点|时限要求|完成期限|时限|进度安排)\s*[:：].*|",
        r".*(?:\d{4}\s*年|底前|前完成|月底|年底|季度|持续推进|长期坚持|持续实施|长期任务|持续开展))$"
    ))
});

/// A label inside a clause without a separator before it: `牵头单位：X 责任单位：Y`.
static LABEL_AFTER_SPACE: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"([^ \t\u{3000}])[ \t\u{3000}]*((?:牵头|主办|责任|配合|协办|参与|协助)(?:单位|部门|机关)|完成时限|完成时间)\s*([:：])",
    )
});

static CONVENTION: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        r"(?:列|排|位)(?:在|于)?(?:第一|首)位的?(?:者|单位|部门)?(?:为|是)牵头",
    )
});

/// Where in `text` the document declares "the first listed unit leads", if anywhere.
pub fn convention_at(text: &str) -> Option<usize> {
    let b = text.as_bytes();
    // The phrase holds 第一位 or 首位, which no folding changes: most documents lack both.
    if !["第一位", "首位"]
        .iter()
        .any(|w| memchr::memmem::find(b, w.as_bytes()).is_some())
    {
        return None;
    }
    // It ends in 牵头 and never spans a line: only lines holding 牵头 (or 牽頭) are folded
    // and searched.
    let mut lines: Vec<(usize, usize)> = Vec::new();
    for w in ["牵头", "牽頭"] {
        // each line once, however many times it says 牵头: the scan stays linear
        let mut line_end = 0;
        for at in memchr::memmem::find_iter(b, w.as_bytes()) {
            if at < line_end {
                continue;
            }
            let before = b.get(..at).unwrap_or_default();
            let start = memchr::memrchr(b'\n', before).map_or(0, |i| i + 1);
            let after = b.get(at..).unwrap_or_default();
            line_end = memchr::memchr(b'\n', after).map_or(b.len(), |i| at + i);
            lines.push((start, line_end));
        }
    }
    lines.sort_unstable();
    lines.dedup();
    lines.into_iter().find_map(|(start, end)| {
        let line = text.get(start..end)?;
        CONVENTION.find(&fold(line)).map(|m| start + m.start())
    })
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Role {
    Lead,
    Responsible,
    Support,
}

/// A clause read from text, with the spellings of its units.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Duty {
    /// The contract's responsibility object.
    pub resp: Responsibility,
    /// `(normalized name, as written)` for each unit.
    pub spellings: Vec<(String, String)>,
    /// The clause had no role word (a bare list of units).
    pub bare: bool,
    /// Repairs made (missing 、 …).
    pub repairs: Vec<String>,
    /// Names the lexicon does not know, taken as units because a role word or label
    /// marks the list.
    pub doubtful: Vec<String>,
}

/// The longest bracket content read as a clause, in characters.
const MAX_CLAUSE_CHARS: usize = 100_000;
/// The longest bracket content without a role word that is still tried as a clause.
const MAX_BARE_CHARS: usize = 600;

/// A word that makes a bracket worth reading as a clause (one pass for all of them).
static ROLE_WORD: LazyLock<Regex> = LazyLock::new(|| {
    crate::scan::static_regex(
        "负责|牵头|配合|參與|参与|参加|协助|协作|負責|牽頭|單位|单位|协同|落实|指导|指導|會同|会同",
    )
});

fn has_role_word(s: &str) -> bool {
    ROLE_WORD.is_match(s)
}

/// Does `s` hold a colon (`：` or `:`)? memchr/memmem rather than a walk over characters.
fn has_colon(s: &str) -> bool {
    let b = s.as_bytes();
    memchr::memchr(b':', b).is_some() || memchr::memmem::find(b, "：".as_bytes()).is_some()
}

/// A bracket group: where it ends, whether it was closed, how deep the groups inside it nest.
#[derive(Clone, Copy, Debug)]
struct Group {
    end: usize,
    closed: bool,
    inner_depth: u32,
}

/// Every bracket group of `text` in one linear pass, by the offset of its opener.
/// An unclosed group ends at its paragraph's end (`\n` or the end of the text).
fn bracket_groups(text: &str) -> Vec<(usize, Group)> {
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
    // Only these bytes can begin a bracket or a line break (EF: （）［］, E3: 〔〕【】); the
    // rest of the text is skipped without decoding it.
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
    for (j, &x) in bytes.iter().enumerate() {
        if LEAD.get(usize::from(x)) != Some(&true) {
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

/// Byte ranges of `s` between separators that stand outside round brackets.
pub(crate) fn split_top(s: &str, is_sep: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut depth = 0i32;
    let mut start = 0usize;
    for (i, c) in s.char_indices() {
        match c {
            '（' | '(' | '〔' | '“' => depth += 1,
            '）' | ')' | '〕' | '”' => depth -= 1,
            _ => {}
        }
        if depth <= 0 && is_sep(c) {
            out.push((start, i));
            start = i + c.len_utf8();
        }
    }
    out.push((start, s.len()));
    out
}

fn trim_range(s: &str, (a, b): (usize, usize)) -> (usize, usize) {
    let t = s.get(a..b).unwrap_or("");
    let lead = t.len() - t.trim_start().len();
    let trail = t.len() - t.trim_end().len();
    (a + lead, b.saturating_sub(trail).max(a + lead))
}

/// Read the content of a bracket (or a labelled line) as a clause.
///
/// `first_leads`: the document declared that the first listed unit leads.
pub fn parse(content: &str, lex: &Lexicon, first_leads: bool) -> Option<Duty> {
    let unpinned = strip_pinyin(content);
    let content: &str = &unpinned;
    let unnoted = drop_note_brackets(content);
    let content: &str = &unnoted;
    let spaced;
    // (every label in LABEL_AFTER_SPACE ends in a colon)
    let content = if has_colon(content) && LABEL_AFTER_SPACE.is_match(content) {
        spaced = LABEL_AFTER_SPACE
            .replace_all(content, "$1;$2$3")
            .into_owned();
        spaced.as_str()
    } else {
        content
    };
    // A role word followed by 、 or a space also ends a segment: （市商务局牵头、市公安局配合）.
    // Same-length replacements keep byte offsets aligned with the folded copy.
    let separated;
    let content =
        if content.contains(['、', ' ', '\u{3000}']) && ROLE_THEN_SEP.is_match(&fold(content)) {
            let f = fold(content).into_owned();
            let mut out = content.to_string();
            for m in ROLE_THEN_SEP.find_iter(&f) {
                let sep = m.as_str().chars().last().unwrap_or('、');
                let at = m.end() - sep.len_utf8();
                let repl = if sep.len_utf8() == 1 { "," } else { "，" };
                if out.is_char_boundary(at) && out.is_char_boundary(m.end()) {
                    out.replace_range(at..m.end(), repl);
                }
            }
            separated = out;
            separated.as_str()
        } else {
            content
        };
    // A note after a sentence end inside the clause (…负责。列第一位者为牵头单位，下同)
    // ends the unit list.
    let content = match content.find('。') {
        Some(p) if p > 0 => content.get(..p).unwrap_or(content),
        _ => content,
    };
    let folded = fold(content);
    let mut deadline: Option<String> = None;
    if folded.trim().is_empty() {
        return None;
    }
    // A role word or a label marks the lists: names the lexicon does not know are
    // still units there.
    let marked = has_role_word(&folded);
    let mut doubtful: Vec<String> = Vec::new();
    // (role or None for bare, units as written)
    let mut groups: Vec<(Option<Role>, Vec<&str>)> = Vec::new();
    // whether each group came from a label (牵头单位：…)
    let mut labelled: Vec<bool> = Vec::new();
    let mut open_ended = false;
    let mut any_role = false;
    for seg in split_top(&folded, |c| matches!(c, '，' | ',' | '；' | ';')) {
        let (a, b) = trim_range(&folded, seg);
        let f = folded.get(a..b).unwrap_or("");
        let o = content.get(a..b).unwrap_or("");
        if f.is_empty() || (!groups.is_empty() && is_note(f)) {
            continue;
        }
        if !groups.is_empty() && DEADLINE.is_match(f) {
            // 完成时限：2024年底 / 2024年6月底前完成: a deadline, not units
            deadline = Some(o.to_string());
            continue;
        }
        // LABEL is anchored at the start, so its match begins with the label word
        if let Some(m) = LABEL.find(f) {
            let (l, skip) = (m.as_str(), m.end());
            let role = if l.starts_with("牵头") || l.starts_with("主办") || l.starts_with("主责")
            {
                Role::Lead
            } else if l.starts_with("配合")
                || l.starts_with("协")
                || l.starts_with("参与")
                || l.starts_with("支持")
            {
                Role::Support
            } else {
                Role::Responsible
            };
            any_role = true;
            let mut list = o.get(skip..).unwrap_or("");
            // 责任单位：X、Y分别牵头 — a role word ending the list overrides the label
            let lf = f.get(skip..).unwrap_or("");
            let ending = [
                (&*LEAD_END, Role::Lead),
                (&*SUPPORT_END, Role::Support),
                (&*RESP_END, Role::Responsible),
            ]
            .into_iter()
            .find_map(|(re, r)| {
                re.find(lf)
                    .filter(|m| m.start() > 0)
                    .map(|m| (m.start(), r))
            });
            let role = match ending {
                Some((cut, r)) => {
                    list = list.get(..cut).unwrap_or(list);
                    r
                }
                None => role,
            };
            let (units, oe) = unit_list(list, lex, marked.then_some(&mut doubtful))?;
            open_ended |= oe;
            groups.push((Some(role), units));
            labelled.push(true);
            continue;
        }
        let (mut fo, mut oo) = (f, o);
        if fo.starts_with('由') {
            fo = fo.get('由'.len_utf8()..).unwrap_or("");
            oo = oo.get('由'.len_utf8()..).unwrap_or("");
        }
        // Role words end a segment: look only at its last characters (the longest
        // form, 按照职责分工分别负责落实, has 12), which keeps long segments cheap.
        let mut w = fo.len().saturating_sub(72);
        while !fo.is_char_boundary(w) {
            w += 1;
        }
        let window = fo.get(w..).unwrap_or("");
        // Every role ending closes on one of these characters; a segment that ends
        // otherwise (a bare list: …局) has none.
        let may_end_role = window.chars().next_back().is_some_and(|c| {
            matches!(
                c,
                '头' | '责'
                    | '总'
                    | '位'
                    | '门'
                    | '实'
                    | '施'
                    | '进'
                    | '合'
                    | '与'
                    | '助'
                    | '同'
                    | '办'
                    | '持'
                    | '担'
                    | '导'
                    | '作'
                    | '加'
            )
        });
        let (role, cut) = if !may_end_role {
            (None, fo.len())
        } else if let Some(m) = LEAD_END.find(window) {
            (Some(Role::Lead), w + m.start())
        } else if let Some(m) = SUPPORT_END.find(window) {
            (Some(Role::Support), w + m.start())
        } else if let Some(m) = RESP_END.find(window) {
            (Some(Role::Responsible), w + m.start())
        } else {
            (None, fo.len())
        };
        any_role |= role.is_some();
        let list_f = fo.get(..cut).unwrap_or("");
        let list_o = oo.get(..cut).unwrap_or("");
        if list_f.trim().is_empty() {
            // 负责 alone after a bare list: （市公安局、市商务局，分别负责）
            if let (Some(r), Some(last)) = (role, groups.last_mut()) {
                if last.0.is_none() {
                    last.0 = Some(r);
                }
                continue;
            }
            return None;
        }
        if let Some(p) = list_f.find("会同") {
            let (l, r) = (
                list_o.get(..p).unwrap_or(""),
                list_o.get(p + "会同".len()..).unwrap_or(""),
            );
            let (lu, oe1) = unit_list(l, lex, marked.then_some(&mut doubtful))?;
            let (ru, oe2) = unit_list(r, lex, marked.then_some(&mut doubtful))?;
            open_ended |= oe1 || oe2;
            // X会同Y负责: X is responsible (lead is reserved for 牵头), Y supports
            groups.push((Some(role.unwrap_or(Role::Responsible)), lu));
            groups.push((Some(Role::Support), ru));
            labelled.extend([false, false]);
            any_role = true;
            continue;
        }
        let (units, oe) = unit_list(list_o, lex, marked.then_some(&mut doubtful))?;
        open_ended |= oe;
        groups.push((role, units));
        labelled.push(false);
    }
    if groups.is_empty() {
        return None;
    }
    // A bare group right after a labelled list continues it (`配合单位：X、Y，Z`).
    for k in 1..groups.len() {
        let prev = groups
            .get(k - 1)
            .filter(|_| labelled.get(k - 1) == Some(&true));
        let inherit = prev.and_then(|p| p.0);
        if let (Some(r), Some(g)) = (inherit, groups.get_mut(k)) {
            if g.0.is_none() {
                g.0 = Some(r);
                if let Some(l) = labelled.get_mut(k) {
                    *l = true;
                }
            }
        }
    }
    // A bare group takes the role of the next group that has one, else responsible.
    let mut next_role: Option<Role> = None;
    for g in groups.iter_mut().rev() {
        match g.0 {
            Some(r) => next_role = Some(r),
            None => g.0 = Some(next_role.unwrap_or(Role::Responsible)),
        }
    }
    let has_lead = groups.iter().any(|g| g.0 == Some(Role::Lead));
    let mut duty = Duty {
        bare: !any_role,
        doubtful,
        ..Duty::default()
    };
    duty.resp.open_ended = open_ended;
    duty.resp.deadline = deadline;
    // The last jurisdiction prefix seen: carried to bare stems that follow.
    let mut prefix: Option<String> = None;
    // (role, normalized name, as written)
    let mut all: Vec<(Role, String, String)> = Vec::new();
    for (role, units) in groups {
        let mut role = role.unwrap_or(Role::Responsible);
        if role == Role::Responsible && has_lead {
            role = Role::Support;
        }
        let mut add = |w: String, own: Option<&str>| {
            if let Some(p) = own {
                prefix = Some(p.to_string());
                all.push((role, w.clone(), w));
            } else if lex.is_bare(&w) {
                let name = match &prefix {
                    Some(p) => [p.as_str(), w.as_str()].concat(),
                    None => w.clone(),
                };
                all.push((role, name, w));
            } else {
                all.push((role, w.clone(), w));
            }
        };
        for written in units {
            let own_prefix = lex.prefix_of(written);
            let rest = own_prefix.map_or(written, |p| written.get(p.len()..).unwrap_or(""));
            match lex.split_run(rest) {
                Some((l, r)) => {
                    duty.repairs
                        .push(format!("split {written:?} into {l:?} and {r:?}"));
                    let l = [own_prefix.unwrap_or(""), l.as_str()].concat();
                    let lp = lex.prefix_of(&l).map(str::to_string);
                    add(l, lp.as_deref());
                    let rp = lex.prefix_of(&r).map(str::to_string);
                    add(r, rp.as_deref());
                }
                None => add(written.to_string(), own_prefix),
            }
        }
    }
    if first_leads
        && !has_lead
        && all.iter().all(|(r, _, _)| *r == Role::Responsible)
        && all.len() > 1
    {
        for (k, u) in all.iter_mut().enumerate() {
            u.0 = if k == 0 { Role::Lead } else { Role::Support };
        }
    }
    for (role, name, w) in all {
        let list = match role {
            Role::Lead => &mut duty.resp.lead,
            Role::Responsible => &mut duty.resp.responsible,
            Role::Support => &mut duty.resp.support,
        };
        // a name listed twice under one role is kept once
        if !list.contains(&name) {
            list.push(name.clone());
        }
        duty.spellings.push((name, w));
    }
    Some(duty)
}

/// Remove pinyin residue from web converters (`市經(jīng)貿(mào)委` → `市經貿委`): a bracket
/// holding one pinyin syllable right after a Han character. Borrows when there is none.
pub fn strip_pinyin(s: &str) -> Cow<'_, str> {
    if !s.contains(['(', '（']) || !s.bytes().any(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    let mut changed = false;
    while let Some(p) = rest.find(['(', '（']) {
        let (head, tail) = rest.split_at(p);
        out.push_str(head);
        let open = tail.chars().next().map_or(1, char::len_utf8);
        let inner_end = tail.get(open..).and_then(|t| t.find([')', '）']));
        let after_han = out.chars().next_back().is_some_and(crate::scan::is_han);
        match inner_end {
            Some(e)
                if after_han && tail.get(open..open + e).is_some_and(crate::scan::is_pinyin) =>
            {
                let close = tail
                    .get(open + e..)
                    .and_then(|t| t.chars().next())
                    .map_or(1, char::len_utf8);
                rest = tail.get(open + e + close..).unwrap_or("");
                changed = true;
            }
            _ => {
                out.push_str(tail.get(..open).unwrap_or(""));
                rest = tail.get(open..).unwrap_or("");
            }
        }
    }
    out.push_str(rest);
    if changed {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// Remove brackets inside a clause that hold a note rather than a nameplate
/// (`市卫生健康委（除标注“分别牵头”外，列第一位为牵头单位，下同）`): their content
/// mentions a role or opens like a note. `市科技局（知识产权局）` keeps its bracket.
fn drop_note_brackets(s: &str) -> Cow<'_, str> {
    if !s.contains(['(', '（']) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut kept = 0usize;
    for (i, g) in bracket_groups(s) {
        if i < kept || !g.closed {
            continue;
        }
        let open = s
            .get(i..)
            .and_then(|t| t.chars().next())
            .map_or(1, char::len_utf8);
        let close = s
            .get(..g.end)
            .and_then(|t| t.chars().next_back())
            .map_or(1, char::len_utf8);
        let inner = s.get(i + open..g.end - close).unwrap_or("");
        let f = fold(inner);
        if has_role_word(&f) || is_note(&f) || f.starts_with('除') || f.starts_with('注') {
            out.push_str(s.get(kept..i).unwrap_or(""));
            kept = g.end;
        }
    }
    if kept == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(s.get(kept..).unwrap_or(""));
    Cow::Owned(out)
}

/// A segment of a clause that is a note, not units: `以下简称X`, `下同`, `以下不再列出`,
/// `列第一位者为牵头单位`.
fn is_note(f: &str) -> bool {
    const NOTES: &[&str] = &[
        "以下简称",
        "以下称",
        "下同",
        "以下不再",
        "以下均",
        "不再列出",
        "不再做分工",
        "不再分工",
        "列第一位",
        "列在第一位",
        "排在第一位",
        "排在首位",
        "排第一位",
        "第一个为",
        "具体任务",
        "简称",
        "以下",
        "除标注",
        "适用范围",
        "适用于",
    ];
    NOTES.iter().any(|w| f.starts_with(w)) || other_label(f)
}

/// A segment opening with a label that names no role (`适用范围：…`, `备注：…`).
fn other_label(f: &str) -> bool {
    f.char_indices()
        .take(7)
        .find(|(_, c)| matches!(c, '：' | ':'))
        .is_some_and(|_| !LABEL.is_match(f) && !DEADLINE.is_match(f))
}

/// A jurisdiction word of a 各 list: 区, 县, 县级市, 市, 乡镇, 街道 …
fn is_jurisdiction_word(s: &str) -> bool {
    matches!(
        s,
        "省" | "市"
            | "县"
            | "区"
            | "州"
            | "盟"
            | "旗"
            | "县级市"
            | "县区"
            | "市区"
            | "乡"
            | "镇"
            | "乡镇"
            | "街道"
            | "开发区"
            | "功能区"
            | "管委会"
            | "自治区"
            | "直辖市"
            | "地"
    )
}

/// A bare suffix word is never a unit by itself: `各有关部门和单位` is one unit.
fn is_bare_suffix(s: &str) -> bool {
    matches!(s, "单位" | "部门" | "机构" | "机关" | "单位等" | "部门等")
}

/// A name the lexicon does not know but that reads as one: words (quotes and balanced
/// brackets allowed), no sentence punctuation, no figures, not a clause of a sentence.
fn plausible_name(name: &str) -> bool {
    let n = name.chars().count();
    (2..=30).contains(&n)
        && !name.chars().any(|c| {
            c.is_ascii_digit()
                || matches!(c, '。' | '，' | ',' | '；' | ';' | '：' | ':' | '《' | '》')
        })
        && crate::text::open_depth(name) == 0
        && ![
            "含", "如", "包括", "其中", "以下", "下同", "按照", "根据", "负责", "要", "在",
        ]
        .iter()
        .any(|w| name.starts_with(w))
        // words of a sentence, not of a name: 各地要…, 由X…, 确保…
        && !["由", "要", "应当", "须", "将", "把", "确保", "加强", "推进", "开展", "做好", "进一步"]
            .iter()
            .any(|w| name.contains(w))
        && name.chars().filter(|c| crate::scan::is_han(*c)).count() * 10
            >= name
                .chars()
                .filter(|c| !matches!(c, '（' | '）' | '(' | ')' | '〔' | '〕' | '、' | '“' | '”'))
                .count()
                * 7
}

/// Split a list of units on 、 (and on 和/及/与 between two whole unit names, and after
/// 等 before more units: `X、Y等和Z`). Returns the units as written and whether a list
/// ended in 等. With `doubtful`, a name the lexicon does not know is still a unit when
/// it reads as a name (the caller's role word or label marks the list); it is recorded.
fn unit_list<'a>(
    list: &'a str,
    lex: &Lexicon,
    mut doubtful: Option<&mut Vec<String>>,
) -> Option<(Vec<&'a str>, bool)> {
    let mut out = Vec::new();
    let mut open_ended = false;
    let mut items = split_top(list, |c| matches!(c, '、' | '，' | ',' | '/' | '／'))
        .into_iter()
        .peekable();
    while let Some((a, mut b)) = items.next() {
        let item = list.get(a..b).unwrap_or("").trim();
        if item.is_empty() {
            continue;
        }
        // 各区、县级市 / 各县、市、区: a 各-jurisdiction list is one group
        if item.starts_with('各') && is_jurisdiction_word(item.trim_start_matches('各')) {
            while let Some(&(c, d)) = items.peek() {
                let sep = list.get(b..c).unwrap_or("");
                if sep == "、" && is_jurisdiction_word(list.get(c..d).unwrap_or("").trim()) {
                    b = d;
                    items.next();
                } else {
                    break;
                }
            }
        }
        let item = list.get(a..b).unwrap_or("").trim().trim_start_matches('由');
        split_item(
            item,
            lex,
            &mut out,
            &mut open_ended,
            doubtful.as_deref_mut(),
        )?;
    }
    (!out.is_empty()).then_some((out, open_ended))
}

/// One item of a unit list: `X`, `X等`, `X等Y`, `X等和Y`, `X和Y`, `X及Y`.
fn split_item<'a>(
    item: &'a str,
    lex: &Lexicon,
    out: &mut Vec<&'a str>,
    open_ended: &mut bool,
    doubtful: Option<&mut Vec<String>>,
) -> Option<()> {
    let mut item = item;
    if let Some(s) = item.strip_suffix('等') {
        *open_ended = true;
        item = s;
    }
    let unit_like = |s: &str| lex.looks_like_unit(s);
    // X等Y / X等和Y: 市生态环境局等领导小组有关成员单位
    if let Some(p) = item.find('等') {
        let l = item.get(..p).unwrap_or("");
        let r = item
            .get(p + '等'.len_utf8()..)
            .unwrap_or("")
            .trim_start_matches(['和', '及', '与']);
        if unit_like(l) && is_bare_suffix(r) {
            // 区水务局等部门: the bare suffix after 等 is no unit
            *open_ended = true;
            out.push(l);
            return Some(());
        }
        if unit_like(l) && !r.is_empty() {
            *open_ended = true;
            out.push(l);
            return split_item(r, lex, out, open_ended, doubtful);
        }
    }
    // 市公安局和市市场监管局 (but not 工业和信息化委, nor 各有关部门和单位)
    for sep in ['和', '及', '与'] {
        if let Some(p) = item.find(sep) {
            let (l, r) = (
                item.get(..p).unwrap_or(""),
                item.get(p + sep.len_utf8()..).unwrap_or(""),
            );
            if unit_like(l) && unit_like(r) && !is_bare_suffix(r) && !lex.is_stem(&fold(item)) {
                out.push(l);
                return split_item(r, lex, out, open_ended, doubtful);
            }
        }
    }
    if !unit_like(item) {
        let d = doubtful?;
        if !plausible_name(item) {
            return None;
        }
        d.push(item.to_string());
    }
    out.push(item);
    Some(())
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

/// A line of a flattened task table that names who does the task before it:
/// `市人社局牵头落实`, `市金融局、人民银行某分行分别牵头落实`, `市公安局负责`. Only known
/// units and a role word, nothing else.
fn responsibility_line(t: &str, lex: &Lexicon, first_leads: bool) -> Option<Duty> {
    let body = t.trim_end_matches(['。', '；', ';']);
    let last = body.chars().next_back()?;
    if !matches!(last, '实' | '责' | '头' | '合' | '与' | '施')
        || body.chars().nth(120).is_some()
        || body.contains(['。', '（', '(', '：', ':'])
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

/// Find every clause in `text` (an item's text; paragraphs separated by `\n`).
pub fn find(
    text: &str,
    lex: &Lexicon,
    first_leads_from: Option<usize>,
    unparsed: &mut Vec<Unparsed>,
) -> Vec<Found> {
    let mut out = Vec::new();
    let first_leads = |at: usize| first_leads_from.is_some_and(|p| at >= p);
    // Labelled lines standing on their own, and labels closing a paragraph after a
    // sentence end (…加强监管。责任单位：市商务局).
    let mut next_start = 0usize;
    for para in text.split('\n') {
        let para_start = next_start;
        next_start += para.len() + 1;
        let t = para.trim();
        let lead = para.len() - para.trim_start().len();
        if let Some(d) = responsibility_line(t, lex, first_leads(para_start)) {
            out.push(Found {
                start: para_start + lead,
                end: para_start + lead + t.len(),
                duty: d,
                unclosed: false,
                labelled_line: true,
            });
            continue;
        }
        // every label ends in 单位/部门/机关/机构 (either script) and a colon: skip
        // folding otherwise
        if !has_colon(t)
            || ![
                "单位", "部门", "机关", "机构", "單位", "部門", "機關", "機構",
            ]
            .iter()
            .any(|w| t.contains(w))
        {
            continue;
        }
        let folded = fold(t);
        let at = if LABEL.is_match(&folded) {
            Some(0)
        } else {
            INLINE_LABEL.find(&folded).map(|m| {
                m.end()
                    - m.as_str()
                        .trim_start_matches(['。', '；', ';', ' ', '\u{3000}'])
                        .len()
            })
        };
        if let Some(at) = at {
            let clause = t.get(at..).unwrap_or("");
            if let Some(d) = parse(clause, lex, first_leads(para_start)) {
                out.push(Found {
                    start: para_start + lead + at,
                    end: para_start + lead + t.len(),
                    duty: d,
                    unclosed: false,
                    labelled_line: true,
                });
            }
        }
    }
    // Bracketed clauses (not inside a labelled line).
    let labelled: Vec<(usize, usize)> = out.iter().map(|f| (f.start, f.end)).collect();
    let groups = bracket_groups(text);
    let mut skip_until = 0usize;
    for &(i, group) in &groups {
        let Group {
            end: group_end,
            closed,
            inner_depth,
        } = group;
        if i < skip_until || labelled.iter().any(|&(a, b)| a <= i && i < b) {
            continue;
        }
        let Some(c) = text.get(i..).and_then(|s| s.chars().next()) else {
            continue;
        };
        let open_len = c.len_utf8();
        if inner_depth > 3 {
            // no clause nests brackets this deep; skipping keeps deep nesting linear
            continue;
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
        let raw_content = text.get(i + open_len..content_end).unwrap_or("");
        // An unclosed clause is short; bounding it keeps the scan linear.
        let limit = if unclosed {
            MAX_BARE_CHARS
        } else {
            MAX_CLAUSE_CHARS
        };
        if raw_content.len() > limit * 4 {
            continue;
        }
        let n = raw_content.chars().count();
        // a bracket without a role word is a clause only if it ends like a unit name
        let keyword = has_role_word(raw_content)
            || (n <= MAX_BARE_CHARS && lex.may_end_unit(raw_content.trim_end()));
        if n > limit || !keyword {
            continue;
        }
        let content = text.get(i + open_len..content_end).unwrap_or("");
        let parsed = parse(content, lex, first_leads(i));
        let accept = match &parsed {
            Some(d) if d.bare => {
                !unclosed
                    && (sentence_closed_before(text, i) || sentence_closes_after(text, clause_end))
            }
            // a clause ends its sentence: one the sentence goes on after is a parenthesis
            Some(_) => unclosed || !mid_sentence(text, clause_end),
            None => false,
        };
        if let (true, Some(mut d)) = (accept, parsed) {
            if unclosed {
                d.repairs
                    .push("closing bracket missing at the end of the paragraph".into());
            }
            let raw = text.get(i..clause_end).unwrap_or("").to_string();
            d.resp.raw = raw;
            out.push(Found {
                start: i,
                end: clause_end,
                duty: d,
                unclosed,
                labelled_line: false,
            });
            skip_until = clause_end;
            continue;
        }
        let role_word = ["负责", "牵头", "負責", "牽頭"]
            .iter()
            .any(|w| content.contains(w));
        if role_word && content.chars().count() <= 200 && !unclosed {
            unparsed.push(Unparsed {
                start: i,
                content: content.to_string(),
            });
        }
    }
    for f in out.iter_mut().filter(|f| f.labelled_line) {
        f.duty.resp.raw = text.get(f.start..f.end).unwrap_or("").to_string();
    }
    out.sort_by_key(|f| f.start);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_borrows_simplified_text_and_maps_traditional() {
        // 政 is its own simplified form: a table entry, but nothing to fold
        for t in ["市政府办公室", "市农业农村局牵头", "abc"] {
            assert!(matches!(fold(t), Cow::Borrowed(_)), "{t}");
        }
        assert_eq!(
            fold("市農業農村局牽頭，市財政局配合"),
            "市农业农村局牵头，市财政局配合"
        );
        for (t, simple) in PAIRS {
            assert_eq!(fold_char(*t), *simple);
            assert_eq!(is_folded(*t), t != simple);
        }
    }

    fn p(s: &str) -> Responsibility {
        parse(s, Lexicon::builtin(), false)
            .map(|d| d.resp)
            .unwrap_or_else(|| panic!("should parse {s}"))
    }

    fn v(xs: &[&str]) -> Vec<String> {
        xs.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn unknown_names_are_units_where_a_role_word_marks_the_list() {
        let d = parse("团中央、教育部负责", Lexicon::builtin(), false).expect("a clause");
        assert_eq!(d.resp.responsible, v(&["团中央", "教育部"]));
        assert_eq!(d.doubtful, v(&["团中央"]));
        let d = parse(
            "“智慧城市”专班、各县〔市、区〕人民政府按职责分工负责",
            Lexicon::builtin(),
            false,
        )
        .expect("a clause");
        assert_eq!(
            d.resp.responsible,
            v(&["“智慧城市”专班", "各县〔市、区〕人民政府"])
        );
        // words of a sentence are no name
        for s in [
            "各地要负责落实",
            "技工院校内由人力资源社会保障部门负责",
            "确保工作负责",
        ] {
            assert!(
                parse(s, Lexicon::builtin(), false).is_none_or(|d| d.doubtful.is_empty()),
                "{s}"
            );
        }
        // without a role word, a name must be known
        assert!(parse("团中央、新华社", Lexicon::builtin(), false).is_none());
    }

    #[test]
    fn notes_joiners_and_groups() {
        let r = p("市数据局、市财政局负责。排在首位的为牵头单位，下同");
        assert_eq!(r.responsible, v(&["市数据局", "市财政局"]));
        let r = p("市政务服务局、市司法局等和各区人民政府负责");
        assert_eq!(
            r.responsible,
            v(&["市政务服务局", "市司法局", "各区人民政府"])
        );
        assert!(r.open_ended);
        let r = p("区水务局等部门负责");
        assert_eq!(r.responsible, v(&["区水务局"]));
        let r = p("区直各部门和单位按职责分工负责");
        assert_eq!(r.responsible, v(&["区直各部门和单位"]));
        let r = p("牵头单位：市农业农村局，配合单位：市财政局，各区、县级市");
        assert_eq!(r.support, v(&["市财政局", "各区、县级市"]));
        let r = p("市政府办公室会同有关部门负责");
        assert_eq!(
            (r.responsible, r.support),
            (v(&["市政府办公室"]), v(&["有关部门"]))
        );
        let r = p("责任单位：市发改委、市经信局(除标注“分别牵头”外,列第一位为牵头单位,下同)");
        assert_eq!(r.responsible, v(&["市发改委", "市经信局"]));
        let r = p("责任单位:市人力社保局、市农业农村局分别牵头");
        assert_eq!(r.lead, v(&["市人力社保局", "市农业农村局"]));
        let r = p("牽頭單位:省發展改革委;責任單位:市經(jīng)貿(mào)委");
        assert_eq!(r.support, v(&["市經貿委"]));
        let r = p("负责部门：商务部、海关总署；适用范围：所有自贸试验区");
        assert_eq!(r.responsible, v(&["商务部", "海关总署"]));
        let r = p("生态环境部、国家发展改革委指导");
        assert_eq!(r.responsible, v(&["生态环境部", "国家发展改革委"]));
    }

    #[test]
    fn roles() {
        let r = p("市农业农村局牵头，市工信局、市检察院按职责分工负责");
        assert_eq!(
            (r.lead, r.responsible, r.support),
            (v(&["市农业农村局"]), v(&[]), v(&["市工信局", "市检察院"]))
        );
        let r = p("市委宣传部、市委网信办、市公安局、市文广旅局按职责分工负责");
        assert_eq!(r.responsible.len(), 4);
        let r = p("省工商局牵头负责");
        assert_eq!(r.lead, v(&["省工商局"]));
        let r = p("市公安局负责，市商务局配合");
        assert_eq!(
            (r.responsible, r.support),
            (v(&["市公安局"]), v(&["市商务局"]))
        );
        let r = p("牵头单位：市商务局；配合单位：市公安局、市市场监管局");
        assert_eq!((r.lead, r.support.len()), (v(&["市商务局"]), 2));
        let r = p("责任单位：市商务局、市公安局");
        assert_eq!(r.responsible.len(), 2);
        let r = p("市委宣传部、市司法局、市市场监管局等按职责分工负责");
        assert!(r.open_ended);
        let r = p("省發展改革委牽頭，省公安廳按職責分工負責");
        assert_eq!((r.lead.len(), r.support.len()), (1, 1));
        let r = p("市商务粮食局");
        assert_eq!(r.responsible, v(&["市商务粮食局"]));
    }

    #[test]
    fn prefixes_carry_and_qualified_names_stay() {
        let r = p("省公安厅、农业厅、卫生计生委、郑州海关、河南出入境检验检疫局按职责分工分别负责");
        assert_eq!(
            r.responsible,
            v(&[
                "省公安厅",
                "省农业厅",
                "省卫生计生委",
                "郑州海关",
                "河南出入境检验检疫局"
            ])
        );
        let r = p("市市场监管局牵头，市生态环境局等领导小组有关成员单位按职责分工负责");
        assert_eq!(r.support, v(&["市生态环境局", "市领导小组有关成员单位"]));
        let r = p("省打击侵权假冒工作领导小组办公室牵头负责,省公安厅、烟草专卖局盐务管理局按职责分工分别负责");
        assert_eq!(r.support, v(&["省公安厅", "省烟草专卖局", "省盐务管理局"]));
        let r = p("发展改革委、公安部负责");
        assert_eq!(r.responsible, v(&["发展改革委", "公安部"]));
    }

    #[test]
    fn deadlines_labels_and_bracketed_names() {
        let d = parse(
            "责任单位：市委宣传部、市文明办；完成时限：2024年底",
            Lexicon::builtin(),
            false,
        )
        .expect("clause with deadline");
        assert_eq!(d.resp.responsible, v(&["市委宣传部", "市文明办"]));
        assert_eq!(d.resp.deadline.as_deref(), Some("完成时限：2024年底"));
        let r = p("市发展改革委牵头，各县（市、区）人民政府负责，2024年6月底前完成");
        assert_eq!(
            (r.lead, r.support),
            (v(&["市发展改革委"]), v(&["各县（市、区）人民政府"]))
        );
        let r = p("省委宣传部（省版权局）牵头，省公安厅配合");
        assert_eq!(r.lead, v(&["省委宣传部（省版权局）"]));
        let r = p("牵头单位：市司法局 责任单位：市公安局、市检察院");
        assert_eq!((r.lead.len(), r.support.len()), (1, 2));
        let r = p("市商务局牵头、市公安局配合");
        assert_eq!((r.lead, r.support), (v(&["市商务局"]), v(&["市公安局"])));
        let r = p("市商务局牵头 市公安局、市财政局配合");
        assert_eq!(r.support, v(&["市公安局", "市财政局"]));
        let r = p("各县（市、区）负责");
        assert_eq!(r.responsible, v(&["各县（市、区）"]));
        let r = p("主辦機關：經濟部；協辦機關：法務部");
        assert_eq!((r.lead, r.support), (v(&["經濟部"]), v(&["法務部"])));
        let r = p("市司法局为牵头单位，市法院为配合单位");
        assert_eq!((r.lead, r.support), (v(&["市司法局"]), v(&["市法院"])));
        let mut un = Vec::new();
        let f = find(
            "开展普法宣传。责任单位：市委宣传部、市司法局",
            Lexicon::builtin(),
            None,
            &mut un,
        );
        assert_eq!(f.len(), 1);
        assert_eq!(f[0].duty.resp.responsible.len(), 2);
    }

    #[test]
    fn not_clauses() {
        for s in [
            "IP地址",
            "管理区、开发区",
            "含化妆品、医疗器械",
            "备案",
            "2021—2035 年",
            "手机",
            "试行",
            "地、州、盟",
            "区、市",
            "chǎn",
        ] {
            assert!(
                parse(s, Lexicon::builtin(), false).is_none(),
                "should not parse {s}"
            );
        }
    }

    #[test]
    fn find_in_text() {
        let lex = Lexicon::builtin();
        let mut un = Vec::new();
        let t = "完善机制(省工商局负责)加强监管。在河南省市场监督管理局（河南省知识产权局）指导下工作。（市市场监管局负责）";
        let f = find(t, lex, None, &mut un);
        assert_eq!(f.len(), 2);
        let t = "推进工作。（市委宣传部牵头，市有关成员单位按职责分工负责";
        let f = find(t, lex, None, &mut un);
        assert_eq!(f.len(), 1);
        assert!(f[0].unclosed);
        let t = "加强监管。\n牵头单位：市商务局\n责任单位：市公安局";
        assert_eq!(find(t, lex, None, &mut un).len(), 2);
    }

    #[test]
    fn convention_is_found_in_either_script_and_only_there() {
        let t = "一、总体要求\n各项任务列第一位的为牵头单位，其他为配合单位。\n";
        assert_eq!(convention_at(t), t.find("列第一位"));
        let tr = "一、總體要求\n排在首位者為牽頭單位。\n";
        assert_eq!(convention_at(tr), tr.find("排在首位"));
        // 牵头 on many lines, but no convention phrase
        assert_eq!(
            convention_at("（市商务局牵头）\n（市公安局牵头）\n位居第一"),
            None
        );
    }

    #[test]
    fn first_listed_leads() {
        let d = parse("市商务局、市公安局", Lexicon::builtin(), true).map(|d| d.resp);
        assert_eq!(
            d.map(|r| (r.lead, r.support)),
            Some((v(&["市商务局"]), v(&["市公安局"])))
        );
    }
}
