//! The unit lexicon (`data/units.txt`: department stems, unit suffixes, places) and the
//! folding of traditional characters that occur in clauses and unit names.

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

/// The built-in unit lexicon, `data/units.txt`.
pub const BUILTIN: &str = include_str!("../../data/units.txt");

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

    pub(super) fn is_stem(&self, folded: &str) -> bool {
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
        self.folded_looks_like_unit(&fold(name))
    }

    /// [`Lexicon::looks_like_unit`] of a name already folded.
    fn folded_looks_like_unit(&self, f: &str) -> bool {
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
        if crate::scan::has_any(f, &['（', '(', '）', ')']) {
            let head = f.split(['（', '(']).next().unwrap_or("");
            if head.is_empty()
                || crate::text::open_depth(f) != 0
                || f.matches(['（', '(']).count() != f.matches(['）', ')']).count()
            {
                return false;
            }
            if f.ends_with(['）', ')']) {
                // the name is before the bracket: 省委宣传部（省版权局）
                return self.is_stem(head) || self.ends_with_suffix(head);
            }
        }
        self.is_stem(f) || self.ends_with_suffix(f)
    }

    /// Is `name` a department stem written without its jurisdiction prefix?
    pub fn is_bare(&self, name: &str) -> bool {
        self.folded_is_bare(&fold(name))
    }

    /// [`Lexicon::is_bare`] of a name already folded.
    fn folded_is_bare(&self, f: &str) -> bool {
        if self.is_stem(f) {
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
            && !self.starts_with_place(f)
            && !["国家", "国务院", "中央", "全国", "中国"]
                .iter()
                .any(|p| f.starts_with(p))
    }

    /// The jurisdiction prefix of `name` (`省` of 省公安厅, `信阳市` of 信阳市公安局).
    pub fn prefix_of<'a>(&self, name: &'a str) -> Option<&'a str> {
        self.prefix_in(name, &fold(name))
    }

    /// [`Lexicon::prefix_of`] `name`, folded `f`.
    fn prefix_in<'a>(&self, name: &'a str, f: &str) -> Option<&'a str> {
        if self.is_stem(f) {
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
            // (`rest` is a part of the folded name: folding it again would change nothing)
            let stemish = self.folded_is_bare(rest)
                || rest.starts_with('委')
                || rest.starts_with("政府")
                || rest.starts_with("打击")
                || rest.starts_with("领导小组")
                || (self.folded_looks_like_unit(rest) && rest.chars().count() >= 2 && k == 0);
            if stemish && !rest.is_empty() {
                return name.get(..i + c.len_utf8());
            }
        }
        None
    }

    /// Split two stems run together without 、 (烟草专卖局盐务管理局): `name`, folded `f`.
    /// (Its parts are parts of a folded name: they are asked about as they are.)
    fn split_run_in(&self, name: &str, f: &str) -> Option<(String, String)> {
        // two names run together hold at least two name endings
        let endings = f
            .chars()
            .filter(|c| matches!(c, '局' | '厅' | '委' | '办' | '院'))
            .count();
        if endings < 2 || self.is_stem(f) || f.chars().count() < 6 {
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
            let l_ok = self.folded_is_bare(l)
                || self
                    .prefix_in(l, l)
                    .is_some_and(|p| self.folded_is_bare(l.get(p.len()..).unwrap_or("")));
            if l_ok
                && (self.folded_is_bare(r) || self.prefix_in(r, r).is_some())
                && self.folded_looks_like_unit(r)
            {
                return Some((name.get(..cut)?.to_string(), name.get(cut..)?.to_string()));
            }
        }
        None
    }
}

/// The lexicon asked about names cut from one clause. When the clause had nothing to fold
/// ([`fold`] borrowed it), neither has any part of it, nor a name put together from its
/// parts: such names are asked about as they are, not each searched again for characters
/// to fold.
#[derive(Clone, Copy)]
pub(crate) struct Names<'l> {
    lex: &'l Lexicon,
    plain: bool,
}

impl<'l> Names<'l> {
    /// Names cut from a clause; `plain`: [`fold`] borrowed the clause.
    pub(crate) fn new(lex: &'l Lexicon, plain: bool) -> Self {
        Names { lex, plain }
    }

    /// [`Lexicon::looks_like_unit`].
    pub(crate) fn looks_like_unit(self, name: &str) -> bool {
        self.lex.folded_looks_like_unit(&self.folded(name))
    }

    /// [`Lexicon::is_bare`].
    pub(crate) fn is_bare(self, name: &str) -> bool {
        self.lex.folded_is_bare(&self.folded(name))
    }

    /// Is `name` a department stem?
    pub(crate) fn is_stem(self, name: &str) -> bool {
        self.lex.is_stem(&self.folded(name))
    }

    /// [`Lexicon::prefix_of`].
    pub(crate) fn prefix_of(self, name: &str) -> Option<&str> {
        self.lex.prefix_in(name, &self.folded(name))
    }

    /// Two stems run together without 、 (烟草专卖局盐务管理局), split.
    pub(crate) fn split_run(self, name: &str) -> Option<(String, String)> {
        self.lex.split_run_in(name, &self.folded(name))
    }

    /// `name` folded, borrowed when the clause had nothing to fold.
    pub(crate) fn folded<'a>(self, name: &'a str) -> Cow<'a, str> {
        if self.plain {
            Cow::Borrowed(name)
        } else {
            fold(name)
        }
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
        // folding is done once: no simplified form is itself folded again (the lexicon's
        // tests on parts of a folded name rely on it)
        for (_, simple) in PAIRS {
            assert!(!is_folded(*simple), "{simple}");
        }
    }
}
